using Fewshot.Export;
using Fewshot.Export.Onnx;
using Fewshot.Web.Projects;

namespace Fewshot.Web.Training;

/// <summary>
/// The ONNX export of a project's model, written on first request as model.onnx beside model.fewshot and
/// reused until the next training replaces the model.
/// </summary>
public static class OnnxCache
{
    static readonly Lock ExportLock = new();

    public static string OnnxPath(ProjectStore store, string projectId) => Path.ChangeExtension(store.ModelPath(projectId), ".onnx");

    /// <summary>The path of an up-to-date ONNX file for the project's model, exporting it first if needed.</summary>
    public static string Get(ProjectStore store, string projectId)
    {
        var model = store.ModelPath(projectId);
        if (!File.Exists(model)) throw new NotFoundException("This project has no trained model yet: train it first.");
        var onnx = OnnxPath(store, projectId);
        lock (ExportLock)
        {
            if (File.Exists(onnx) && File.GetLastWriteTimeUtc(onnx) >= File.GetLastWriteTimeUtc(model)) return onnx;
            var manifest = ModelFile.ReadManifest(model);
            if (manifest.Kind != ModelManifest.ImageKind)
                throw new FewshotException("People models cannot be exported to ONNX (face detection and recognition are separate networks): " +
                                           "download the .fewshot model and run it with `fewshot predict` or Fewshot's PeoplePredictor.");
            OnnxExport.FromModelFile(model, onnx);
            return onnx;
        }
    }

    /// <summary>Deletes the cached export; called before a new model is written.</summary>
    public static void Forget(ProjectStore store, string projectId)
    {
        lock (ExportLock) File.Delete(OnnxPath(store, projectId));
    }
}
