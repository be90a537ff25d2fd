// Classifies one photo with a model exported by `fewshot export MODEL.fewshot --onnx MODEL.onnx`.
// Usage: dotnet run --project samples/ClassifyPhoto -- MODEL.onnx PHOTO.jpg
using Fewshot;
using Fewshot.Inference;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ClassifyPhoto MODEL.onnx PHOTO");
    return 2;
}
try
{
    using var classifier = Classifier.Load(args[0]);
    var prediction = classifier.Predict(args[1]);
    Console.WriteLine($"{prediction.Label} ({prediction.Probability:P1})");
    foreach (var (label, probability) in classifier.Classes.Zip(prediction.Probabilities))
        Console.WriteLine($"  {label,-20} {probability:P1}");
    return 0;
}
catch (FewshotException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
