using Fewshot.Models;
using Fewshot.Training;

namespace Fewshot.Export;

/// <summary>Stage checkpoints and the exported model file.</summary>
public static class LearnerExport
{
    /// <summary>Writes the whole model (weights only) to a checkpoint file, atomically.</summary>
    public static void Save(this Learner learner, string path, IFileSystem? fileSystem = null)
    {
        var weights = ModelWeights.ToBytes(learner.Model);
        AtomicFile.Write(path, stream => stream.Write(weights), fileSystem);
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>.</summary>
    public static void Load(this Learner learner, string path)
    {
        if (!File.Exists(path)) throw new FewshotException($"Checkpoint '{path}' does not exist.");
        learner.Model.Load(File.ReadAllBytes(path), path);
    }

    static void Load(this Models.ClassifierNetwork model, byte[] weights, string source) => ModelWeights.Load(model, weights, source);

    /// <summary>The manifest describing this learner's model as it is now.</summary>
    public static ModelManifest Manifest(this Learner learner)
    {
        var data = learner.Data;
        var pre = data.Preprocessing;
        var validation = learner.History.Count > 0 ? learner.History[^1].Accuracy : default;
        return new ModelManifest
        {
            Backbone = learner.Backbone.Id,
            BodyWeights = BodyWeightsEntry.Of(learner.Backbone),
            Classes = data.Classes.ToList(),
            Input = new InputSpec(data.Options.Size, data.Options.Resize, pre.Order, pre.Mean, pre.Std, data.Options.DecodeScale,
                data.Options.DecodeSlack),
            Training = new TrainingSummary(DateTimeOffset.UtcNow, learner.Options.Seed, data.Train.Count, data.Valid.Count,
                validation.Successes,
                learner.History.Select(e => new EpochRow(e.Stage, e.Epoch, e.TrainLoss, e.ValidLoss, e.Accuracy.Value, e.Elapsed.TotalSeconds)).ToList())
            {
                Precision = learner.TrainingPrecision,
            },
            Weights = new WeightsEntry("", "", 0),
        };
    }

    /// <summary>Writes a self-describing .fewshot file that <see cref="Inference.Predictor"/> loads.</summary>
    public static void Export(this Learner learner, string path, IFileSystem? fileSystem = null) =>
        ModelFile.Write(path, learner.Manifest(), ModelWeights.ToBytes(learner.Model), fileSystem);
}
