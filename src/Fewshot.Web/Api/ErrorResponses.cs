using Fewshot.Web.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fewshot.Web.Api;

/// <summary>Turns every failure into <c>{"error": "…"}</c> with a fitting status; the page shows the message. Never a stack trace.</summary>
public static class ErrorResponses
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
            // Routing answers some requests itself (no such route, wrong method, wrong content type) with an empty body.
            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await response.WriteAsJsonAsync(new Contract.ErrorResponse(Bodiless(response.StatusCode, context.Request)));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        catch (Exception e)
        {
            var (status, message) = Describe(e, context);
            if (status == StatusCodes.Status500InternalServerError)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fewshot.Web").LogError(e, "Request {Path} failed", context.Request.Path);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new Contract.ErrorResponse(message));
        }
    }

    static (int Status, string Message) Describe(Exception e, HttpContext context) => e switch
    {
        NotFoundException => (StatusCodes.Status404NotFound, e.Message),
        ConflictException => (StatusCodes.Status409Conflict, e.Message),
        ForbiddenException => (StatusCodes.Status403Forbidden, e.Message),
        FewshotException => (StatusCodes.Status400BadRequest, e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException when IsUpload(context) =>
            (StatusCodes.Status413PayloadTooLarge, "The upload is too large for one request: send fewer photos at a time."),
        BadHttpRequestException bad => (bad.StatusCode, "The request could not be read: " + bad.Message),
        _ => (StatusCodes.Status500InternalServerError, $"Something went wrong on the server ({e.GetType().Name}). The server's console has the details."),
    };

    static string Bodiless(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"There is nothing at {request.Path}: check the address.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not accepted at {request.Path}.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request's body as JSON (Content-Type: application/json).",
        _ => $"The request failed ({status}).",
    };

    static bool IsUpload(HttpContext context) => context.Request.HasFormContentType;
}
