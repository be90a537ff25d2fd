#:project ../src/Fewshot/Fewshot.csproj
#:property PublishAot=false
// `predict --out` against the network alone, in the same process and run, alternating so that a load spike hits
// both: `dotnet run -c Release bench/PredictSpeed.cs MODEL.fewshot PHOTO_DIR [ROUNDS]`. Prints, per round, the
// network alone (forward passes of the model on preprocessed batches of 32, what bench/InferenceSpeed.cs measures),
// decoding alone (every photo decoded and resized, on all cores) and batch scoring (BatchScorer, what `predict --out`
// runs: decoding and the network together), then the medians and scoring's share of the network-alone rate. Before the
// rounds, one cold batch-scoring pass: what a fresh `predict` process gets.
using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Predictors;

if (args.Length < 2) { Console.Error.WriteLine("usage: PredictSpeed.cs MODEL.fewshot PHOTO_DIR [ROUNDS]"); return 2; }
var files = Directory.EnumerateFiles(args[1], "*", SearchOption.AllDirectories)
    .Where(f => ImageFolder.ImageExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
const int batch = 32;
using var predictor = Predictor.Load(args[0]);
var size = predictor.Manifest.Input.Size;
Console.WriteLine($"{files.Count} photos, {size} px, {predictor.Precision}, threads {TorchSharp.torch.get_num_threads()}");

var pixels = new float[batch * 3 * size * size];
for (int i = 0; i < pixels.Length; i++) pixels[i] = (i % 251) / 251f - 0.5f;

double NetworkAlone()
{
    var clock = Stopwatch.StartNew();
    int done = 0;
    for (; done < files.Count; done += batch) predictor.Probabilities(pixels, batch);
    return done / clock.Elapsed.TotalSeconds;
}

double DecodingAlone()
{
    var clock = Stopwatch.StartNew();
    Parallel.ForEach(files, file =>
    {
        try { ImageResizer.Resize(ImageLoader.Load(file, predictor.DecodeMinSide, minSideSlack: predictor.DecodeSlack), size, predictor.Manifest.Input.Resize); }
        catch (ImageLoadException) { }
    });
    return files.Count / clock.Elapsed.TotalSeconds;
}

double Scoring()
{
    var clock = Stopwatch.StartNew();
    var n = new BatchScorer(predictor, new BatchScoringOptions { BatchSize = batch }).Score(files).Count();
    return n / clock.Elapsed.TotalSeconds;
}

// A fresh `predict` process scores cold: the network picks its kernels on the first batch of each size, and .NET's
// first-tier code runs until its methods are compiled again.
Console.WriteLine($"first pass, cold: batch scoring {Scoring():F1} photos/s");
predictor.Probabilities(pixels, batch);

var network = new List<double>();
var decoding = new List<double>();
var scoring = new List<double>();
for (int r = 1; r <= rounds; r++)
{
    network.Add(NetworkAlone());
    decoding.Add(DecodingAlone());
    scoring.Add(Scoring());
    Console.WriteLine($"round {r}: network alone {network[^1]:F1} img/s, decoding alone {decoding[^1]:F1} photos/s, " +
                      $"batch scoring {scoring[^1]:F1} photos/s ({scoring[^1] / network[^1]:P0})");
}
double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine($"median: network alone {Median(network):F1} img/s, decoding alone {Median(decoding):F1} photos/s, " +
                  $"batch scoring {Median(scoring):F1} photos/s = {Median(scoring.Zip(network, (s, n) => s / n).ToList()):P0} of the network alone");
return 0;
