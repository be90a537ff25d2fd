using Fewshot.Models;
using Fewshot.Runtime;

namespace Fewshot.Export;

/// <summary>A .fewshot image model read into its network: what predicting and every export start from.</summary>
public static class ImageModelFile
{
    /// <summary>
    /// The model's manifest and its network with the saved weights (the caller disposes it). A file of another kind is
    /// refused: "'PATH' is a 'KIND' model; " then <paramref name="refusal"/>.
    /// </summary>
    public static (ModelManifest Manifest, ClassifierNetwork Network) Load(string path, string refusal)
    {
        var (manifest, weights) = ModelFile.Read(path);
        if (manifest.Kind != ModelManifest.ImageKind)
            throw new FewshotException($"'{path}' is a '{manifest.Kind}' model; {refusal}");
        NativeRuntime.EnsureLoaded();
        var network = new ClassifierNetwork(BackboneRegistry.Get(manifest.Backbone).CreateArchitecture(), manifest.Classes.Count);
        try
        {
            ModelWeights.Load(network, weights, path);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return (manifest, network);
    }
}
