using Fewshot.Web.Training;

namespace Fewshot.Web.Contract;

/// <summary>What the page shows for a project: its classes and photos, the data check, training state and results.</summary>
public sealed record ProjectView(string Id, string Name, IReadOnlyList<ClassView> Classes, IReadOnlyList<string> Warnings,
    TrainingStateView? Training, TrainingResults? Results, bool HasModel);

/// <summary>A class and its photos.</summary>
public sealed record ClassView(string Name, IReadOnlyList<ImageView> Images);

/// <summary>A photo of a class: its content hash (its address), file name and the webcam burst it was recorded in, if any.</summary>
public sealed record ImageView(string Hash, string Name, string? Burst);

/// <summary>The project's training job: running, done, failed or cancelled, with its last message.</summary>
public sealed record TrainingStateView(string State, string? Message);
