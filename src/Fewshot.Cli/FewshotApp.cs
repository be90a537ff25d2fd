using Spectre.Console.Cli;

namespace Fewshot.Cli;

public static class FewshotApp
{
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config => config.SetApplicationName("fewshot"));
        return app.Run(args);
    }
}
