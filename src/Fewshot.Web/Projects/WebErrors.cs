namespace Fewshot.Web.Projects;

/// <summary>A project, class or photo that does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : FewshotException(message);

/// <summary>A request that cannot be done now, e.g. a second training (HTTP 409).</summary>
public sealed class ConflictException(string message) : FewshotException(message);

/// <summary>A request this server was told not to serve, e.g. a folder outside the import roots (HTTP 403).</summary>
public sealed class ForbiddenException(string message) : FewshotException(message);
