using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Security;

/// <summary>
/// Lets a request through only when its Host is one of ours (against DNS rebinding), its Origin, if any, is
/// one of ours (against cross-site requests), and it carries the access token: in the URL on the first visit
/// (exchanged for an HttpOnly cookie), then in the cookie or an X-Fewshot-Token header.
/// </summary>
public sealed class AccessGuard(string token, IReadOnlyCollection<string> allowedHostNames)
{
    public const string CookieName = "fewshot_token";
    public const string HeaderName = "X-Fewshot-Token";
    public const string QueryName = "token";

    readonly byte[] _token = Encoding.UTF8.GetBytes(token);
    readonly HashSet<string> _hostNames = new(allowedHostNames, StringComparer.OrdinalIgnoreCase);

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        int port = context.Connection.LocalPort;
        if (!IsOurs(request.Host.Host, request.Host.Port ?? 80, port))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "This server only answers requests addressed to it by its own name (Host header refused).");
            return;
        }
        if (request.Headers.Origin is { Count: > 0 } origin && !IsOurOrigin(origin.ToString(), port))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Cross-site requests are refused.");
            return;
        }
        if (request.Query.TryGetValue(QueryName, out var fromQuery) && Matches(fromQuery.ToString()))
        {
            context.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true,
            });
            if (HttpMethods.IsGet(request.Method))
            {
                // Drop the token from the address bar and history.
                context.Response.Redirect(request.PathBase + request.Path);
                return;
            }
        }
        else if (!Matches(request.Cookies[CookieName]) && !Matches(request.Headers[HeaderName].ToString()))
        {
            if (IsPageVisit(request)) await MissingTokenPage.WriteAsync(context);
            else
                await Refuse(context, StatusCodes.Status401Unauthorized,
                    "Missing or wrong access token. Open the address that `fewshot serve` printed (it ends with ?token=…).");
            return;
        }
        await next(context);
    }

    /// <summary>A browser opening an address (a bookmark, an old tab), as opposed to the page's own API calls.</summary>
    static bool IsPageVisit(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") &&
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    bool IsOurs(string host, int requestPort, int localPort) => requestPort == localPort && _hostNames.Contains(host.Trim('[', ']'));

    bool IsOurOrigin(string origin, int localPort) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && IsOurs(uri.Host, uri.Port, localPort);

    static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Contract.ErrorResponse(message));
    }
}
