// The JSON contract between the page and `fewshot serve`: one type per C# record of src/Fewshot.Web (Contract/ and the
// records the API returns), checked by TypeScript's compiler (`tsc --checkJs`, scripts/check-web.sh). Types only.

/** @typedef {{ error: string }} ErrorResponse */
/** @typedef {{ name: string, reason: string }} RejectedFile */
/** @typedef {{ error: string, rejected: RejectedFile[] }} NothingAddedResponse */
/** @typedef {{ importRoots: string[] }} ServerResponse */
/** @typedef {{ projectId: string, projectName: string, state: string }} CurrentTrainingResponse */
/** @typedef {{ cancelling: boolean }} CancellingResponse */
/** @typedef {{ state: string }} TrainingAcceptedResponse */
/** @typedef {{ deleted: string }} DeletedResponse */
/** @typedef {{ added: number, rejected: RejectedFile[], skipped: number, project: ProjectView }} AddedPhotosResponse */
/** @typedef {{ id: string, name: string, classes: number, images: number, trained: boolean }} ProjectSummary */
/** @typedef {{ name?: string | null }} NameRequest */
/** @typedef {{ folder?: string | null }} FolderRequest */

/**
 * @typedef {{ id: string, name: string, classes: ClassView[], warnings: string[], training: TrainingStateView | null,
 *   results: TrainingResults | null, hasModel: boolean }} ProjectView
 * @typedef {{ name: string, images: ImageView[] }} ClassView
 * @typedef {{ hash: string, name: string, burst: string | null }} ImageView
 * @typedef {{ state: string, message: string | null }} TrainingStateView
 */

/**
 * @typedef {{ id: string, architecture: string, description: string, imagenetTop1: number | null, defaultSize: number }} BodyView
 * @typedef {{ defaultId: string, bodies: BodyView[] }} BodyList
 */

/**
 * @typedef {{ backbone: string, size: number | null, epochs: number, unfreezeEpochs: number, mode: string, isPeople?: boolean }} TrainingSettings
 * @typedef {{ correct: number, total: number, value: number, low: number, high: number, text: string }} AccuracyView
 * @typedef {{ stage: number, epoch: number, epochs: number, trainLoss: number | null, validLoss: number | null,
 *   accuracy: AccuracyView, seconds: number }} EpochView
 * @typedef {{ hash: string, name: string, actual: string, predicted: string, probability: number, loss: number }} TopLossView
 * @typedef {{ train: number[][], valid: number[][], unfrozenAt: number | null }} LossCurve
 * @typedef {{ trainedAt: string, settings: TrainingSettings, classes: string[], trainImages: number, validImages: number,
 *   accuracy: AccuracyView, confusion: number[][], topLosses: TopLossView[], epochs: EpochView[], warnings: string[],
 *   seconds: number, kind: string, notes: string[] | null, fingerprint: string | null, curve: LossCurve | null,
 *   featureSeconds: number | null, stale: string | null }} TrainingResults
 */

/** @typedef {{ fraction: number, secondsLeft: number | null }} ProgressView */

/**
 * One server-sent event of a training run (Contract/TrainingEvents.cs), told apart by its type.
 * @typedef {{ type: 'started', classes: string[], train: number, valid: number, settings: TrainingSettings }} StartedEvent
 * @typedef {{ type: 'warning', message: string }} WarningEvent
 * @typedef {{ type: 'status', message: string, progress: ProgressView | null }} StatusEvent
 * @typedef {{ type: 'features', done: number, total: number, message: string, progress: ProgressView, seconds: number }} FeaturesEvent
 * @typedef {{ type: 'batch', stage: number, epoch: number, batch: number, batches: number, loss: number | null, step: number,
 *   progress: ProgressView }} BatchEvent
 * @typedef {{ type: 'epoch', row: EpochView, step: number, progress: ProgressView }} EpochEvent
 * @typedef {{ type: 'done' | 'failed' | 'cancelled', message: string, results: TrainingResults | null }} FinishedEvent
 * @typedef {StartedEvent | WarningEvent | StatusEvent | FeaturesEvent | BatchEvent | EpochEvent | FinishedEvent} TrainingEvent
 */

/**
 * @typedef {{ label: string, probability: number }} ClassProbability
 * @typedef {{ x: number, y: number, width: number, height: number, score: number }} FaceView
 * @typedef {{ label: string, probability: number, probabilities: ClassProbability[], face: FaceView | null,
 *   unknownReason: string | null, name?: string, unknown: boolean, nearest: ClassProbability | null, faceSource: string | null,
 *   distance: number | null, farFromNamedPeople: boolean, faceIndex: number | null, faces: PhotoPrediction[] | null,
 *   threshold: number }} PhotoPrediction
 */

export {};
