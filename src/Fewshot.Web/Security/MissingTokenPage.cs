using System.Net;
using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Security;

/// <summary>What a browser shows when it opens the page without the access token: which address to open instead.</summary>
static class MissingTokenPage
{
    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "text/html; charset=utf-8";
        // No script at all; only the inline style below.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        var address = WebUtility.HtmlEncode($"{context.Request.Scheme}://{context.Request.Host}/?{AccessGuard.QueryName}=…");
        return response.WriteAsync($$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Fewshot: open the address with the access token</title>
              <style>
                body { font: 16px/1.5 system-ui, "DejaVu Sans", sans-serif; color: #1d2430; background: #f5f7fa; margin: 0; }
                main { max-width: 40rem; margin: 3rem auto; background: #fff; border: 1px solid #dde2ea; border-radius: 10px; padding: 1.5rem 2rem; }
                h1 { font-size: 1.4rem; color: #2857c5; margin-top: 0; }
                code { background: #eef3ff; padding: .1rem .3rem; border-radius: 4px; }
              </style>
            </head>
            <body>
              <main>
                <h1>Open the address that fewshot serve printed</h1>
                <p>This page needs the access token that <code>fewshot serve</code> printed when it started, at the end of its address:</p>
                <p><code>{{address}}</code></p>
                <p>Copy that address from the terminal where the server runs and open it. A bookmark does not carry the token, and
                  a server that was restarted printed a new one.</p>
              </main>
            </body>
            </html>
            """);
    }
}
