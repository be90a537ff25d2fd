using System.Net;
using Fewshot.Web.Api;
using Fewshot.Web.Projects;
using Fewshot.Web.Security;
using Fewshot.Web.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fewshot.Web;

/// <summary>The local web page and its API, served by Kestrel. Start it, print <see cref="Url"/>, dispose it to stop.</summary>
public sealed class WebServer : IAsyncDisposable
{
    readonly WebApplication _app;

    public WebServerOptions Options { get; }
    /// <summary>The folders photos may be imported from (links resolved); empty when import is off.</summary>
    public IReadOnlyList<string> ImportRoots => _app.Services.GetRequiredService<ImportFolders>().Roots;
    public string Token { get; }
    /// <summary>http://HOST:PORT/ once started.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    /// <summary>The address to open: it carries the access token.</summary>
    public string Url => $"{BaseAddress}?{AccessGuard.QueryName}={Token}";

    public WebServer(WebServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        Options = options;
        Token = options.Token ?? AccessGuard.NewToken();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.Listen(ParseAddress(options.Host), options.Port);
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxRequestBytes;
            form.ValueCountLimit = options.MaxFilesPerUpload + 16;
        });
        // A body that cannot be bound (bad JSON, wrong types, no content type) throws, so ErrorResponses can say why.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ProjectStore(options.ProjectsDirectory, options.MaxImagesPerProject));
        builder.Services.AddSingleton(new ImportFolders(options.EffectiveImportRoots));
        builder.Services.AddSingleton<PredictorCache>();
        builder.Services.AddSingleton<TrainingService>();
        _app = builder.Build();

        var guard = new AccessGuard(Token, AllowedHostNames(options));
        _app.Use(SecurityHeaders);
        _app.Use(guard.InvokeAsync);
        _app.Use(ErrorResponses.InvokeAsync);
        StaticAssets.Map(_app);
        ProjectApi.Map(_app);
        ImportApi.Map(_app);
        TrainingApi.Map(_app);
        BodyApi.Map(_app);
    }

    public async Task StartAsync(CancellationToken cancel = default)
    {
        await _app.StartAsync(cancel);
        var address = _app.Urls.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        _app.Services.GetRequiredService<TrainingService>().Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    static IPAddress ParseAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => ip,
        _ => throw new FewshotException($"--host '{host}' is not an IP address: give one such as 127.0.0.1 (this machine only) or 0.0.0.0 (every network)."),
    };

    static List<string> AllowedHostNames(WebServerOptions options)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        names.AddRange(options.AllowedHosts);
        if (!options.IsLoopback)
        {
            names.Add(options.Host.Trim('[', ']'));
            names.Add(Dns.GetHostName());
        }
        return names;
    }

    static async Task SecurityHeaders(Microsoft.AspNetCore.Http.HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; " +
                                        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        await next();
    }
}
