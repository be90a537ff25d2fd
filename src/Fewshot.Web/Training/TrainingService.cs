using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Faces;
using Fewshot.Models;
using Fewshot.People;
using Fewshot.Runtime;
using Fewshot.Training;
using Fewshot.Web.Contract;
using Fewshot.Web.Projects;
using Microsoft.Extensions.Logging;

namespace Fewshot.Web.Training;

/// <summary>
/// Runs one training at a time on this machine (a second request is refused with a message), on its own
/// thread, reporting progress as events on the <see cref="TrainingJob"/>.
/// </summary>
public sealed class TrainingService(ProjectStore store, PredictorCache predictors, ILogger<TrainingService> log)
{
    readonly Dictionary<string, TrainingJob> _lastJob = [];
    readonly Lock _lock = new();
    TrainingJob? _running;

    public TrainingJob? Running { get { lock (_lock) return _running is { IsRunning: true } ? _running : null; } }

    /// <summary>The project's current or latest training since the server started, or null.</summary>
    public TrainingJob? JobFor(string projectId)
    {
        lock (_lock) return _lastJob.GetValueOrDefault(projectId);
    }

    /// <summary>Starts training the project as it is now; its classes and photos stay as they are until the training ends.</summary>
    public TrainingJob Start(string projectId, TrainingSettings settings)
    {
        settings = settings.For(InstalledBodies.Get(settings.Backbone));
        if (settings.IsPeople && !FaceModelStore.IsInstalled)
            throw new FewshotException("People mode needs the face models, which are not installed on this machine: run `fewshot setup faces` " +
                                       "once (it fetches them with npm), then train again. Plain mode works without them.");
        lock (_lock)
        {
            if (_running is { IsRunning: true } busy)
                throw new ConflictException($"Another training is running (project '{busy.ProjectName}'). This machine trains one model at a time: " +
                                            "wait for it to finish or cancel it, then start again.");
            var project = store.BeginTraining(projectId);
            DatasetSplit split;
            try { split = Split(project); }
            catch
            {
                store.EndTraining(projectId);
                throw;
            }
            var job = new TrainingJob(projectId, project.Name, settings);
            _running = job;
            _lastJob[projectId] = job;
            Action run = settings.IsPeople ? () => RunPeople(job, project, split) : () => Run(job, project, split);
            Task.Factory.StartNew(run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return job;
        }
    }

    /// <summary>Forgets a deleted project's last training.</summary>
    public void Forget(string projectId)
    {
        lock (_lock) _lastJob.Remove(projectId);
    }

    public bool Cancel()
    {
        var job = Running;
        if (job is null) return false;
        job.Cancellation.Cancel();
        job.Status("Cancelling after the current batch…");
        return true;
    }

    /// <summary>The classes with photos, split 80/20 per class with a fixed seed (the CLI's default split), each webcam burst kept whole.</summary>
    DatasetSplit Split(Project project)
    {
        var classes = project.Classes.Where(c => project.Images.Any(i => i.Class == c)).ToList();
        if (classes.Count < 2)
            throw new FewshotException("Training needs at least two classes with photos: add photos to another class.");
        var thin = classes.FirstOrDefault(c => project.Images.Count(i => i.Class == c) < 2);
        if (thin is not null)
            throw new FewshotException($"Class '{thin}' has a single photo: each class needs at least two (one to train on, one to check with).");
        var items = project.Images
            .Where(i => classes.Contains(i.Class))
            .Select(i => new LabelledImage(store.ImagePath(project.Id, i.Hash), classes.IndexOf(i.Class)))
            .ToList();
        var bursts = project.Images.Where(i => i.Burst is not null).DistinctBy(i => i.Hash)
            .ToDictionary(i => store.ImagePath(project.Id, i.Hash), i => i.Burst);
        var (train, valid) = BurstSplit.Split(items, item => bursts.GetValueOrDefault(item.Path), DataCheck.ValidPct, seed: 0);
        var warnings = project.Classes.Except(classes).Select(c => $"Class '{c}' has no photos: it is left out of this training.").ToList();
        return new DatasetSplit(classes, train, valid, warnings);
    }

    void Run(TrainingJob job, Project project, DatasetSplit split) => Guarded(job, project, split, clock =>
    {
        job.Status("Reading photos…");
        NativeRuntime.EnsureLoaded();
        var backbone = BackboneRegistry.Get(job.Settings.Backbone);
        var dataOptions = new DataOptions { Size = job.Settings.Size ?? backbone.DefaultSize, ValidPct = DataCheck.ValidPct, Seed = 0 };
        var data = new ImageData(split, dataOptions, backbone.Preprocessing, project.Name);
        foreach (var warning in data.Warnings) job.Add(new WarningEvent(warning));
        var options = new RecipeOptions
        {
            Backbone = backbone.Id, Data = dataOptions, FrozenEpochs = job.Settings.Epochs, UnfrozenEpochs = job.Settings.UnfreezeEpochs,
        };
        job.Status("Training the new head (body frozen)…");
        var report = new ImageTrainingReport(job, data, options);
        using var result = Recipe.Run(data, options, report.Observe, job.Cancellation.Token);
        if (result.Cancelled) return null;
        SaveModel(project.Id, path => result.Learner.Export(path));
        return TrainingResults.From(result, project, job.Settings, clock.Elapsed.TotalSeconds) with
        {
            Curve = report.Curve.Curve, FeatureSeconds = report.FeatureSeconds,
        };
    });

    /// <summary>
    /// People mode: faces found and embedded once per photo, features and penalty picked by cross-validation, a
    /// logistic head fitted on them (one result row; the epoch settings do not apply).
    /// </summary>
    void RunPeople(TrainingJob job, Project project, DatasetSplit split) => Guarded(job, project, split, clock =>
    {
        job.Status("Finding faces and computing their features…");
        var report = new PeopleTrainingReport(job, split);
        using var learner = PeopleLearner.Train(split, new PeopleOptions { SceneBackbone = job.Settings.Backbone }, report.Progress, job.Cancellation.Token);
        if (learner.Stage.Cancelled) return null;
        foreach (var warning in learner.Data.Warnings) job.Add(new WarningEvent(warning));
        SaveModel(project.Id, path => learner.Export(path));
        return TrainingResults.From(learner, project, job.Settings, clock.Elapsed.TotalSeconds) with
        {
            Curve = report.Curve.Curve, FeatureSeconds = report.FeatureSeconds,
        };
    });

    /// <summary>
    /// Writes the new model, dropping what was cached from the old one both before and after: a photo tested, or an
    /// ONNX file downloaded, while the new model was being written would otherwise keep the old one in the cache.
    /// </summary>
    void SaveModel(string projectId, Action<string> export)
    {
        Forget();
        export(store.ModelPath(projectId));
        Forget();

        void Forget()
        {
            predictors.Evict(projectId);
            OnnxCache.Forget(store, projectId);
        }
    }

    /// <summary>
    /// Runs one training's body and ends the job: done with its results, cancelled (null results) or failed with a message.
    /// The project is released for changes before the last event, so a page that acts on that event is not refused.
    /// </summary>
    void Guarded(TrainingJob job, Project project, DatasetSplit split, Func<Stopwatch, TrainingResults?> train)
    {
        var clock = Stopwatch.StartNew();
        void Finish(string state, string message, TrainingResults? results = null)
        {
            store.EndTraining(project.Id);
            job.Finish(state, message, results);
        }
        try
        {
            job.Add(new StartedEvent(split.Classes, split.Train.Count, split.Valid.Count, job.Settings));
            var results = train(clock);
            if (results is null)
            {
                Finish("cancelled", "Training cancelled. The previous model, if any, is unchanged.");
                return;
            }
            store.SaveResults(project.Id, results);
            Finish("done", $"Trained in {clock.Elapsed.TotalSeconds:F0} s.", results);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            Finish("cancelled", "Training cancelled. The previous model, if any, is unchanged.");
        }
        catch (FewshotException e)
        {
            Finish("failed", e.Message);
        }
        catch (Exception e)
        {
            log.LogError(e, "Training of project {Project} failed", project.Id);
            Finish("failed", $"Training failed unexpectedly ({e.GetType().Name}: {e.Message}). The server's console has the details.");
        }
    }
}
