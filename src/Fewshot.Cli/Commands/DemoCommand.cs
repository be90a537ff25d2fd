using System.ComponentModel;
using System.Diagnostics;
using Fewshot.Cli.Rendering;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Training;
using SkiaSharp;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Fewshot.Cli.Commands;

public sealed class DemoSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Folder with Fashion-MNIST's .gz files.")]
    [DefaultValue(FashionMnist.DefaultFolder)]
    public string Data { get; init; } = FashionMnist.DefaultFolder;

    [CommandOption("--size <PIXELS>")]
    [Description("Input size in pixels (the 28-pixel images are upscaled to it).")]
    [DefaultValue(64)]
    public int Size { get; init; } = 64;

    [CommandOption("--epochs <N>")]
    [Description("Epochs with the body frozen (head only).")]
    [DefaultValue(10)]
    public int Epochs { get; init; } = 10;

    [CommandOption("--unfreeze-epochs <N>")]
    [Description("Epochs with everything trainable; 0 skips the second stage.")]
    [DefaultValue(10)]
    public int UnfreezeEpochs { get; init; } = 10;

    [CommandOption("--test-limit <N>")]
    [Description("Score on the first N test images only (0: all 10,000).")]
    [DefaultValue(0)]
    public int TestLimit { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the sample drawn from Fashion-MNIST, initial weights, shuffling and augmentation.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--bn <MODE>")]
    [Description("Body batch-norm: frozen (ImageNet statistics kept, the demo's default) or train (fastai's default).")]
    [TypeConverter(typeof(LowercaseEnumConverter<BatchNormMode>))]
    [DefaultValue("frozen")]
    public BatchNormMode BatchNorm { get; init; } = BatchNormMode.Frozen;

    [CommandOption("--precision <PRECISION>")]
    [Description("auto (bf16 inference at 128 px and more where the CPU has it), fp32, or bf16 (also for training).")]
    [TypeConverter(typeof(LowercaseEnumConverter<Fewshot.Runtime.Precision>))]
    [DefaultValue("auto")]
    public Fewshot.Runtime.Precision Precision { get; init; } = Fewshot.Runtime.Precision.Auto;
}

/// <summary>
/// The built-in main job: 30 training and 20 validation images per Fashion-MNIST class, the default
/// recipe at a small size, then accuracy on the full test set.
/// </summary>
public sealed class DemoCommand(IAnsiConsole console) : Command<DemoSettings>
{
    const int TrainPerClass = 30, ValidPerClass = 20;

    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var (images, labels) = FashionMnist.Load(settings.Data, train: true);
        var folder = Directory.CreateTempSubdirectory("fewshot-demo-");
        try
        {
            WriteSample(images, labels, folder.FullName, settings.Seed);
            console.MarkupLine($"Fashion-MNIST: {TrainPerClass} training + {ValidPerClass} validation images per class " +
                               $"(seed {settings.Seed}), size {settings.Size}, {settings.Epochs}+{settings.UnfreezeEpochs} epochs, " +
                               $"batch-norm {settings.BatchNorm.ToString().ToLowerInvariant()}");
            var options = new RecipeOptions
            {
                Data = new DataOptions { Size = settings.Size, Seed = settings.Seed },
                Learner = new LearnerOptions { Seed = settings.Seed, BatchNorm = settings.BatchNorm, Precision = settings.Precision },
                FrozenEpochs = settings.Epochs,
                UnfrozenEpochs = settings.UnfreezeEpochs,
            };
            var data = ImageData.FromFolder(folder.FullName, options.Data, BackboneRegistry.Get(options.Backbone).Preprocessing);
            var table = new EpochTable(console);
            table.PrintHeader();
            using var interrupt = new InterruptHandler(console);
            using var result = Recipe.Run(data, options, table.Attach, interrupt.Token);
            if (result.Cancelled) return ExitCodes.Interrupted;
            console.MarkupLine($"Validation accuracy: {Markup.Escape(result.Validation.Accuracy.ToString())}");

            var test = Score(result.Learner, settings);
            console.MarkupLine($"[bold]Test accuracy: {Markup.Escape(test.ToString())}[/] on Fashion-MNIST's test set");
            console.MarkupLine($"Total time {clock.Elapsed.TotalSeconds:F0}s");
            return ExitCodes.Ok;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    static void WriteSample(List<RgbImage> images, List<int> labels, string root, int seed)
    {
        var picked = FashionMnist.SamplePerClass(labels, TrainPerClass + ValidPerClass, seed);
        foreach (var group in picked.GroupBy(i => labels[i]))
        {
            int n = 0;
            foreach (var index in group)
            {
                var split = n++ < TrainPerClass ? "train" : "valid";
                var dir = Path.Combine(root, split, FashionMnist.ClassNames[group.Key]);
                Directory.CreateDirectory(dir);
                SavePng(images[index], Path.Combine(dir, $"{index:D5}.png"));
            }
        }
    }

    static void SavePng(RgbImage image, string path)
    {
        using var bitmap = image.ToBitmap();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    Proportion Score(Learner learner, DemoSettings settings)
    {
        var (images, labels) = FashionMnist.Load(settings.Data, train: false);
        int count = settings.TestLimit > 0 ? Math.Min(settings.TestLimit, images.Count) : images.Count;
        int correct = 0, classes = learner.Data.ClassCount, pixelsPerImage = 3 * settings.Size * settings.Size;
        // Class folders sort alphabetically; map them back to Fashion-MNIST's label numbers.
        var folderIndex = learner.Data.Classes.Select(c => FashionMnist.ClassNames.ToList().IndexOf(c)).ToArray();
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < count; start += 256)
        {
            int n = Math.Min(256, count - start);
            var pixels = new float[n * pixelsPerImage];
            Parallel.For(0, n, k => learner.Data.Prepare(images[start + k]).CopyTo(pixels.AsSpan(k * pixelsPerImage)));
            var probabilities = learner.PredictProbabilities(pixels, n);
            for (int k = 0; k < n; k++)
            {
                var row = probabilities.AsSpan(k * classes, classes);
                int best = 0;
                for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
                if (folderIndex[best] == labels[start + k]) correct++;
            }
        }
        console.MarkupLine($"Scored {count} test images in {clock.Elapsed.TotalSeconds:F1}s");
        return new Proportion(correct, count);
    }
}
