using Microsoft.AspNetCore.Http;

namespace Fewshot.Web.Api;

/// <summary>Reads a multipart upload: a malformed body is the sender's mistake (400, with the reason), not a server error.</summary>
static class UploadForm
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken cancel)
    {
        try
        {
            return await request.ReadFormAsync(cancel);
        }
        // Bodies over the size or count limits stay a 413 (ErrorResponses: Kestrel's BadHttpRequestException, the form
        // reader's InvalidDataException about a limit); anything else malformed is a 400.
        catch (InvalidDataException e) when (!e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new FewshotException($"The upload is not a well-formed multipart form ({e.Message.TrimEnd('.')}): send it again.", e);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancel.IsCancellationRequested)
        {
            throw new FewshotException($"The upload could not be read ({e.Message.TrimEnd('.')}): send it again.", e);
        }
    }
}
