using Fewshot.Web.Api;

namespace Fewshot.Web.Contract;

// The JSON the server answers with (camelCase, as ASP.NET writes it); the page's script reads them through the types
// declared in wwwroot/app.js.

/// <summary>Any refused or failed request.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>An upload or import none of whose files was added: why, per file.</summary>
public sealed record NothingAddedResponse(string Error, IReadOnlyList<RejectedFile> Rejected);

/// <summary>GET /api/server: the folders photos can be imported from.</summary>
public sealed record ServerResponse(IReadOnlyList<string> ImportRoots);

/// <summary>GET /api/training: the training that is running (or just ended), if any.</summary>
public sealed record CurrentTrainingResponse(string ProjectId, string ProjectName, string State);

/// <summary>POST /api/training/cancel.</summary>
public sealed record CancellingResponse(bool Cancelling);

/// <summary>POST /api/projects/{id}/train: accepted, its events at the Location given.</summary>
public sealed record TrainingAcceptedResponse(string State);

/// <summary>DELETE /api/projects/{id}.</summary>
public sealed record DeletedResponse(string Deleted);

/// <summary>Photos uploaded or imported into a class: how many were added, refused (with why) and skipped, and the project now.</summary>
public sealed record AddedPhotosResponse(int Added, IReadOnlyList<RejectedFile> Rejected, int Skipped, ProjectView Project);
