using System.Runtime.CompilerServices;

// Lets the tests feed malformed graphs to the ONNX reader.
[assembly: InternalsVisibleTo("Fewshot.Tests")]
