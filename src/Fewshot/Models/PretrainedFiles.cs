namespace Fewshot.Models;

/// <summary>
/// Finds pretrained files that ship in NuGet packages: first copied beside the program (models/),
/// then in the NuGet global packages folder where <c>dotnet restore</c> put them.
/// </summary>
public static class PretrainedFiles
{
    public const string ResNet18Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string ResNet18Version = "0.23.1";
    const string ResNet18Folder = "tools/DnnImageModels";

    /// <summary>The ResNet18 ONNX graph with weights; throws a <see cref="FewshotException"/> if absent.</summary>
    public static string ResNet18Onnx() =>
        Find("ResNet18.onnx", "ResNet18Onnx/ResNet18.onnx")
        ?? throw new FewshotException(
            $"The pretrained weights ResNet18.onnx were not found in {Path.Combine(AppContext.BaseDirectory, "models")} " +
            $"nor in the NuGet packages folder ({PackageFolder()}). They come from the NuGet package " +
            $"{ResNet18Package} {ResNet18Version}: run `dotnet restore` on Fewshot, or copy the file into the models folder.");

    /// <summary>The package's BGR mean image (ResNetPreprocess.onnx), or null; only tests need it.</summary>
    public static string? ResNet18MeanImage() => Find("ResNetPreprocess.onnx", "ResNetPrepOnnx/ResNetPreprocess.onnx");

    static string? Find(string fileName, string pathInPackage)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models", fileName);
        if (File.Exists(beside)) return beside;
        var inPackage = Path.Combine(PackageFolder(), ResNet18Folder, pathInPackage);
        return File.Exists(inPackage) ? inPackage : null;
    }

    static string PackageFolder()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, ResNet18Package.ToLowerInvariant(), ResNet18Version);
    }
}
