// Trains a classifier on a folder of photos for one epoch of the head at 64 px and saves it: the smallest program that
// uses the Fewshot library, and the proof that the pretrained weights arrive with its package.
// Usage: dotnet run --project samples/TrainOneEpoch -- PHOTOS/ MODEL.fewshot
using Fewshot;
using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Training;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TrainOneEpoch PHOTOS/ MODEL.fewshot");
    return 2;
}
try
{
    var data = ImageData.FromFolder(args[0], new DataOptions { Size = 64, BatchSize = 4 });
    using var learn = Learner.Create(data);
    learn.FitOneCycle(1);
    Console.WriteLine($"validation accuracy after one epoch: {learn.Validate().Accuracy}");
    learn.Export(args[1]);
    return 0;
}
catch (FewshotException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
