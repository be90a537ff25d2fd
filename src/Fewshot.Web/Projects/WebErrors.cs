namespace Fewshot.Web.Projects;

/// <summary>A project, class or photo that does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : FewshotException(message);

/// <summary>A request that cannot be done now, e.g. a second training (HTTP 409).</summary>
public sealed class ConflictException(string message) : FewshotException(message);
