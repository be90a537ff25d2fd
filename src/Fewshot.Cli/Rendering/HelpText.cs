using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Fewshot.Cli.Rendering;

/// <summary>
/// Spectre's help, at most <see cref="MaxWidth"/> columns wide: it is prose for people, so it stays readable when written to
/// a file or a pipe, where the console is otherwise unbounded (see <see cref="FewshotApp"/>).
/// </summary>
sealed class HelpText(ICommandAppSettings settings) : HelpProvider(settings)
{
    const int MaxWidth = 100;

    public override IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command) =>
        base.Write(model, command).Select(part => new AtMostWide(part));

    sealed class AtMostWide(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, Math.Min(maxWidth, MaxWidth));
        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => inner.Render(options, Math.Min(maxWidth, MaxWidth));
    }
}
