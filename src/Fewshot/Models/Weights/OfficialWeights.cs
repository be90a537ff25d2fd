namespace Fewshot.Models.Weights;

/// <summary>
/// One of torchvision's published weight files: where it is, what it scores and how to recognise it. torchvision names
/// each file with the first hex digits of its SHA-256 and checks them after a download; Fewshot does the same, and
/// records the full SHA-256 when it installs the file.
/// </summary>
/// <param name="Name">torchvision's name for the weights, e.g. "IMAGENET1K_V1".</param>
/// <param name="FileName">e.g. "resnet34-b627a593.pth".</param>
/// <param name="Top1">ImageNet-1K top-1 accuracy (%) as torchvision publishes it.</param>
/// <param name="Parameters">Parameters of the whole ImageNet classifier, as torchvision publishes them.</param>
/// <param name="SizeMiB">File size as torchvision publishes it (MiB, one decimal).</param>
public sealed record OfficialWeights(string Name, string FileName, double Top1, long Parameters, double SizeMiB, string BaseUrl)
{
    public const string TorchvisionBaseUrl = "https://download.pytorch.org/models/";

    public Uri Url => new(BaseUrl + FileName);

    /// <summary>The hex digits after the last '-' of the file name: the start of the file's SHA-256.</summary>
    public string HashPrefix
    {
        get
        {
            var stem = Path.GetFileNameWithoutExtension(FileName);
            return stem[(stem.LastIndexOf('-') + 1)..];
        }
    }

    /// <summary>Whether <paramref name="bytes"/> rounds to the published size (one decimal of a MiB).</summary>
    public bool SizeMatches(long bytes) => Math.Abs(bytes / 1048576.0 - SizeMiB) <= 0.05 + 1e-9;
}
