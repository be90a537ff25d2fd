using System.Text;

namespace Fewshot.Evaluation;

/// <summary>
/// One self-contained HTML page: sections of text, tables and PNG pictures embedded as data: URIs,
/// so the file can be mailed or archived without its pictures going missing.
/// </summary>
public sealed class HtmlReport(string title)
{
    readonly StringBuilder _body = new();
    readonly List<string> _sections = [];

    public IReadOnlyList<string> Sections => _sections;

    /// <summary>Starts a section; its id is the heading in lower case with dashes (e.g. "confusion-matrix").</summary>
    public HtmlReport Section(string heading)
    {
        var id = string.Join('-', heading.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (_sections.Count > 0) _body.AppendLine("</section>");
        _sections.Add(id);
        _body.AppendLine($"<section id=\"{Encode(id)}\"><h2>{Encode(heading)}</h2>");
        return this;
    }

    public HtmlReport Paragraph(string text)
    {
        _body.AppendLine($"<p>{Encode(text)}</p>");
        return this;
    }

    /// <summary>A heading inside the current section.</summary>
    public HtmlReport Heading(string text)
    {
        _body.AppendLine($"<h3>{Encode(text)}</h3>");
        return this;
    }

    public HtmlReport List(IEnumerable<string> items)
    {
        _body.Append("<ul>");
        foreach (var item in items) _body.Append($"<li>{Encode(item)}</li>");
        _body.AppendLine("</ul>");
        return this;
    }

    /// <summary>
    /// A row of captioned JPEG pictures (thumbnails) embedded in the page, with an optional caption for the row; a null
    /// picture (a photo that cannot be read) is shown as its caption alone.
    /// </summary>
    public HtmlReport Pictures(IEnumerable<(byte[]? Jpeg, string Caption)> pictures, string? caption = null)
    {
        _body.Append("<div class=\"pictures\">");
        foreach (var (jpeg, text) in pictures)
        {
            var img = jpeg is null ? "" : $"<img alt=\"{Encode(text)}\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(jpeg)}\">";
            _body.Append($"<figure>{img}<figcaption>{Encode(text)}</figcaption></figure>");
        }
        if (caption is not null) _body.Append($"<p>{Encode(caption)}</p>");
        _body.AppendLine("</div>");
        return this;
    }

    /// <summary>Pre-formatted text (tables printed for the terminal).</summary>
    public HtmlReport Preformatted(string text)
    {
        _body.AppendLine($"<pre>{Encode(text)}</pre>");
        return this;
    }

    public HtmlReport Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in headers) _body.Append($"<th>{Encode(h)}</th>");
        _body.AppendLine("</tr>");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append($"<td>{Encode(cell)}</td>");
            _body.AppendLine("</tr>");
        }
        _body.AppendLine("</table>");
        return this;
    }

    /// <summary>Embeds a PNG file; a missing file becomes a note instead of a broken picture.</summary>
    public HtmlReport Image(string pngPath, string caption)
    {
        if (!File.Exists(pngPath)) return Paragraph($"({caption}: picture not available)");
        var data = Convert.ToBase64String(File.ReadAllBytes(pngPath));
        _body.AppendLine($"<figure><img alt=\"{Encode(caption)}\" src=\"data:image/png;base64,{data}\"><figcaption>{Encode(caption)}</figcaption></figure>");
        return this;
    }

    public string ToHtml()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{Encode(title)}</title>");
        html.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}" +
                        "pre{background:#f6f6f6;padding:.6em;overflow-x:auto}table{border-collapse:collapse}" +
                        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}img{max-width:100%}" +
                        ".pictures{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.8em;margin:.6em 0 1.2em}" +
                        ".pictures figure{margin:0;max-width:180px}.pictures img{max-height:160px;display:block}" +
                        ".pictures figcaption{font-size:.8em;word-break:break-all}.pictures p{flex-basis:100%;margin:0}</style></head><body>");
        html.AppendLine($"<h1>{Encode(title)}</h1>");
        html.AppendLine($"<p>Written {DateTimeOffset.Now:yyyy-MM-dd HH:mm} by Fewshot. Accuracies carry their counts and 95% Wilson interval.</p>");
        html.Append(_body);
        if (_sections.Count > 0) html.AppendLine("</section>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>Writes the page (creating the folder), replacing any previous file.</summary>
    public void Save(string path)
    {
        var bytes = new UTF8Encoding(false).GetBytes(ToHtml());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    // Only the markup characters: WebUtility.HtmlEncode would also turn every non-ASCII letter into an entity.
    static string Encode(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
