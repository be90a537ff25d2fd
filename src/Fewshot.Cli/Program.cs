return Fewshot.Cli.FewshotApp.Run(args);
