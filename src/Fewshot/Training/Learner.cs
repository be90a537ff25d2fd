using Fewshot.Data;
using Fewshot.Models;
using Fewshot.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>
/// Data, a model and the training loop: fastai's Learner. Starts frozen (only the head trains, and with
/// <see cref="BatchNormMode.Train"/> the body's batch-norm layers too); <see cref="Unfreeze"/> trains everything. When the body is frozen
/// with its batch-norm fixed, the body is a pure function: its pooled features are computed once for a few
/// augmented views of each photo and the epochs train only the head.
/// </summary>
public sealed class Learner : IDisposable
{
    readonly LearnerEvents _events = new();
    FeatureCache? _features;
    ClassifierNetwork? _inferenceCopy;
    int _stage;

    public ImageData Data { get; }
    public ClassifierNetwork Model { get; }
    public BackboneInfo Backbone { get; }
    public LearnerOptions Options { get; }
    public bool IsFrozen { get; private set; }
    /// <summary>Every epoch trained so far, over all stages.</summary>
    public List<EpochResult> History { get; } = [];
    /// <summary>Hooks every fit of this learner runs (fastai's callbacks), after its own.</summary>
    public List<TrainingHook> Hooks { get; } = [];

    public event Action<EpochResult>? EpochEnded { add => _events.EpochEnded += value; remove => _events.EpochEnded -= value; }
    public event Action<BatchProgress>? BatchEnded { add => _events.BatchEnded += value; remove => _events.BatchEnded -= value; }
    /// <summary>Raised after each optimiser step with the learning rates and β1 the optimiser used.</summary>
    public event Action<StepRecord>? Stepped { add => _events.Stepped += value; remove => _events.Stepped -= value; }
    /// <summary>Progress of computing cached body features (done, total photos).</summary>
    public event Action<int, int>? FeaturesProgress;

    public Learner(ImageData data, BackboneInfo backbone, LearnerOptions? options = null)
    {
        NativeRuntime.EnsureLoaded();
        var (wanted, prepared) = (backbone.Preprocessing, data.Preprocessing);
        if (wanted.Order != prepared.Order || !wanted.Mean.SequenceEqual(prepared.Mean) || !wanted.Std.SequenceEqual(prepared.Std))
            throw new FewshotException($"The photos were prepared for another body than {backbone.Id} ({prepared.Order} order, mean " +
                                       $"{string.Join("/", prepared.Mean)}): load them with {backbone.Id}'s preprocessing " +
                                       "(ImageData.FromFolder(root, options, backbone.Preprocessing)).");
        Data = data;
        Backbone = backbone;
        Options = options ?? new LearnerOptions();
        _events.EpochEnded += History.Add;
        torch.manual_seed(Options.Seed);
        Model = new ClassifierNetwork(backbone.Create(), data.ClassCount);
        Freeze();
    }

    /// <summary>fastai's <c>cnn_learner(data, arch)</c>: the default backbone unless one is named.</summary>
    public static Learner Create(ImageData data, BackboneInfo? backbone = null, LearnerOptions? options = null) =>
        new(data, backbone ?? BackboneRegistry.Default, options);

    /// <summary>A learner on the recipe's body (and its weights) with the recipe's learner settings.</summary>
    public static Learner Create(ImageData data, RecipeOptions recipe) =>
        new(data, BackboneRegistry.Get(recipe.Backbone).WithWeights(recipe.Weights), recipe.Learner);

    /// <summary>True when frozen epochs run on cached body features instead of photos.</summary>
    public bool UsesFeatureCache => IsFrozen && Options.BatchNorm == BatchNormMode.Frozen && Options.CachedViews > 0;

    public void Freeze()
    {
        foreach (var p in Model.body.parameters()) p.requires_grad = false;
        if (Options.BatchNorm == BatchNormMode.Train)
            foreach (var bn in Model.BodyBatchNorms)
                foreach (var p in bn.parameters()) p.requires_grad = true;
        foreach (var p in Model.head.parameters()) p.requires_grad = true;
        IsFrozen = true;
    }

    public void Unfreeze()
    {
        foreach (var p in Model.parameters()) p.requires_grad = true;
        IsFrozen = false;
        InvalidateFeatures();
    }

    /// <summary>Call after changing the body's weights from outside (e.g. loading a checkpoint).</summary>
    public void InvalidateFeatures() => _features = null;

    /// <summary>
    /// fastai's <c>fine_tune</c>: <paramref name="frozenEpochs"/> one-cycle epochs of the head on the frozen body, then
    /// <paramref name="unfrozenEpochs"/> of everything with discriminative rates (none: the second stage is skipped).
    /// </summary>
    /// <param name="from">Where an interrupted run stopped (after <see cref="RestoreProgress"/>): the stage and its
    /// epochs done, whose one-cycle schedule continues where it was.</param>
    public (StageResult Frozen, StageResult? Unfrozen) FineTune(int frozenEpochs, LearningRates frozenRate, int unfrozenEpochs,
        LearningRates unfrozenRates, CancellationToken cancel = default, TrainingPosition? from = null)
    {
        from ??= TrainingPosition.Start;
        var frozen = from.Stage == 1
            ? FitOneCycle(frozenEpochs, frozenRate, cancel, from.EpochsDone, from.OptimizerState)
            : new StageResult(1, History.Where(e => e.Stage == 1).ToList(), TimeSpan.Zero, false);
        if (frozen.Cancelled || unfrozenEpochs == 0) return (frozen, null);
        Unfreeze();
        var resumed = from.Stage == 2 ? from : TrainingPosition.Start;
        return (frozen, FitOneCycle(unfrozenEpochs, unfrozenRates, cancel, resumed.EpochsDone, resumed.OptimizerState));
    }

    /// <summary><see cref="FineTune(int, LearningRates, int, LearningRates, CancellationToken, TrainingPosition?)"/> with the recipe's epochs and rates.</summary>
    public (StageResult Frozen, StageResult? Unfrozen) FineTune(RecipeOptions recipe, CancellationToken cancel = default,
        TrainingPosition? from = null) =>
        FineTune(recipe.FrozenEpochs, recipe.FrozenLearningRate, recipe.UnfrozenEpochs, recipe.UnfrozenLearningRates, cancel, from);

    /// <summary>
    /// Trains for <paramref name="epochs"/> with the one-cycle policy. <paramref name="learningRates"/> are the
    /// peak rates (default <see cref="LearningRates.DefaultFrozen"/> for every group); a slice spreads them over the layer groups.
    /// </summary>
    /// <param name="startEpoch">Epochs of this stage already trained (resuming after <see cref="RestoreProgress"/>):
    /// training starts at that epoch, and the one-cycle schedule where it would have been.</param>
    /// <param name="optimizerState">AdamW's state from the interrupted stage (<see cref="StageResult.OptimizerState"/>), when resuming.</param>
    public StageResult FitOneCycle(int epochs, LearningRates? learningRates = null, CancellationToken cancel = default,
        int startEpoch = 0, byte[]? optimizerState = null)
    {
        var rates = learningRates ?? LearningRates.DefaultFrozen;
        var plan = Plan(++_stage, epochs, cancel) with
        {
            FirstEpoch = Math.Max(0, History.Count - startEpoch), StartEpoch = startEpoch, Validate = Validate, OptimizerState = optimizerState,
        };
        using var bf16 = !UsesFeatureCache && TrainingPrecision == Precision.Bf16
            ? new Bf16Training(Model, Data.ClassCount, rates, Options, unmoved => GroupsNotBackPropagated?.Invoke(unmoved))
            : null;
        if (bf16 is not null) plan = plan with { SetTrainingMode = () => SetTrainingMode(bf16.Work!) };
        TrainingHook[] precision = bf16 is null ? [] : [bf16];
        return TrainingLoop.Fit(plan, Options, [
            new OneCycleScheduler(rates, plan, Options), .. precision,
            new NonFiniteGuard(), _events, .. Hooks, new Interruption(cancel)]);
    }

    /// <summary>
    /// What a stage trains: the head on cached body features while the body is frozen with fixed batch-norm
    /// (<see cref="UsesFeatureCache"/>), else the whole model on augmented photos.
    /// </summary>
    FitPlan Plan(int stage, int epochs, CancellationToken cancel) => UsesFeatureCache
        ? new FitPlan(stage, epochs, FeatureSet.BatchCount(Data.Train.Count, Data.Options.BatchSize), Model.LayerGroups,
            epoch => CachedBatches(epoch, cancel), Model.head, () => Model.head.train())
        : new FitPlan(stage, epochs, Data.TrainBatchCount, Model.LayerGroups, epoch => Data.TrainBatches(epoch, cancel)
            .Select(b => new TrainingBatch(b.Pixels, [b.Count, 3, b.Size, b.Size], b.Labels)), Model, () => SetTrainingMode(Model));

    /// <summary>
    /// The precision the body trains, validates and computes cached features in: <see cref="LearnerOptions.Precision"/> resolved for
    /// this machine and input size (auto gives bf16 mixed precision where the CPU computes bf16 natively, else fp32).
    /// </summary>
    public Precision TrainingPrecision => Options.Precision.Resolve(Data.Options.Size);

    /// <summary>Raised when a bf16 stage leaves layer groups out of back-propagation because their updates are below bf16's resolution.</summary>
    public event Action<BelowBf16Resolution>? GroupsNotBackPropagated;

    /// <summary>Resuming: the epochs a previous run completed and how many stages it finished.</summary>
    public void RestoreProgress(IEnumerable<EpochResult> history, int stagesDone)
    {
        History.Clear();
        History.AddRange(history);
        _stage = stagesDone;
    }

    void SetTrainingMode(ClassifierNetwork model)
    {
        model.train();
        if (Options.BatchNorm == BatchNormMode.Frozen)
            foreach (var bn in model.BodyBatchNorms) bn.eval();
    }

    /// <summary>
    /// One epoch's batches of cached features. They are computed inside the first epoch's batches, so its time includes
    /// them; stopped before they are complete (Ctrl-C), there is nothing to train on and no batch at all.
    /// </summary>
    IEnumerable<TrainingBatch> CachedBatches(int epoch, CancellationToken cancel)
    {
        _features ??= FeatureCache.Compute(Model, Data, Options.CachedViews, Options.Seed, FeaturesProgress, cancel, Options.Precision);
        return _features?.TrainView(epoch).ShuffledBatches(Data.Options.BatchSize, Options.Seed, epoch) ?? [];
    }

    /// <summary>Loss, accuracy and per-photo probabilities on the validation set.</summary>
    public ValidationReport Validate()
    {
        var paths = Data.Valid.Select(i => i.Path).ToList();
        if (_features is not null && UsesFeatureCache)
            return _features.Valid.Evaluate(Model.head, paths, Data.ClassCount);
        var inference = InferenceModel(out var dtype);
        double lossSum = 0;
        var probabilities = new List<float>();
        var labels = new List<long>();
        foreach (var batch in Data.ValidBatches())
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var input = tensor(batch.Pixels).reshape(batch.Count, 3, batch.Size, batch.Size).to(dtype);
            var output = inference.call(input).to(ScalarType.Float32);
            lossSum += nn.functional.cross_entropy(output, tensor(batch.Labels), reduction: nn.Reduction.Sum).item<float>();
            probabilities.AddRange(nn.functional.softmax(output, 1).data<float>());
            labels.AddRange(batch.Labels);
        }
        return ValidationReport.From(labels.Count > 0 ? lossSum / labels.Count : double.NaN, probabilities.ToArray(), labels,
            paths, Data.ClassCount);
    }

    /// <summary>Class probabilities for preprocessed inputs (N×3×S×S floats).</summary>
    public float[] PredictProbabilities(float[] pixels, int count)
    {
        var inference = InferenceModel(out var dtype);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(pixels).reshape(count, 3, Data.Options.Size, Data.Options.Size).to(dtype);
        return nn.functional.softmax(inference.call(input).to(ScalarType.Float32), 1).data<float>().ToArray();
    }

    /// <summary>
    /// The model in eval mode, or its bf16 copy refreshed with the current weights when that is the learner's
    /// precision. The copy is made once and reused: a new one per epoch left freed native memory that the
    /// allocator did not return, and the process grew by hundreds of megabytes over a run.
    /// </summary>
    ClassifierNetwork InferenceModel(out ScalarType dtype)
    {
        var precision = TrainingPrecision;
        dtype = precision.DType();
        if (dtype == ScalarType.Float32)
        {
            Model.eval();
            return Model;
        }
        if (_inferenceCopy is null) _inferenceCopy = InferenceCopy.Classifier(Model, Data.ClassCount, precision);
        else InferenceCopy.CopyState(Model, _inferenceCopy);
        return _inferenceCopy;
    }

    public void Dispose()
    {
        _inferenceCopy?.Dispose();
        Model.Dispose();
    }
}
