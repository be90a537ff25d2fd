#:project ../src/Fewshot/Fewshot.csproj
#:property PublishAot=false
// People mode on the shared face sets: `dotnet run bench/PeopleBench.cs [--features auto|face|scene|both]
// [--classifier logistic|onecycle] [--penalties 0.3,1,3] [--face-choice largest|known|confident] [SET ...]`.
// Prints, per set: cross-validated accuracy of each kind of features, the choice, valid accuracy and faces missed.
using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.People;

var root = Environment.GetEnvironmentVariable("FEWSHOT_DATASETS") ?? "/work/shared/datasets";
var features = PeopleFeatures.Auto;
var noFace = NoFacePolicy.Whole;
var align = Fewshot.Faces.FaceAlignment.Chip;
var others = 2;
var choice = FaceChoice.Confident;
var classifier = PeopleClassifier.Logistic;
double[] penalties = [.. new PeopleOptions().Penalties];
var mirror = true;
var seed = 0;
var sets = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--features") features = Enum.Parse<PeopleFeatures>(args[++i], ignoreCase: true);
    else if (args[i] == "--mirror") mirror = bool.Parse(args[++i]);
    else if (args[i] == "--seed") seed = int.Parse(args[++i]);
    else if (args[i] == "--penalties") penalties = args[++i].Split(',').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    else if (args[i] == "--classifier") classifier = Enum.Parse<PeopleClassifier>(args[++i], ignoreCase: true);
    else if (args[i] == "--face-choice") choice = Enum.Parse<FaceChoice>(args[++i], ignoreCase: true);
    else if (args[i] == "--others") others = int.Parse(args[++i]);
    else if (args[i] == "--align") align = Enum.Parse<Fewshot.Faces.FaceAlignment>(args[++i], ignoreCase: true);
    else if (args[i] == "--no-face") noFace = Enum.Parse<NoFacePolicy>(args[++i], ignoreCase: true);
    else sets.Add(args[i]);
}
if (sets.Count == 0) sets = ["five_celebrity_faces", "footballer_faces", "footballer_faces:lionel_messi,cristiano_ronaldo", "footballer_scenes"];

foreach (var set in sets)
{
    var parts = set.Split(':');
    var split = ImageFolder.Scan(Path.Combine(root, parts[0]));
    if (parts.Length > 1) split = Only(split, parts[1].Split(','));
    var clock = Stopwatch.StartNew();
    double featureSeconds = 0;
    using var learner = PeopleLearner.Train(split, new PeopleOptions { Features = features, NoFace = noFace, Alignment = align, OtherTrainingFaces = others, FaceChoice = choice, MirrorAverage = mirror, Classifier = classifier, Penalties = penalties, Seed = seed },
        new PeopleProgress { Features = (done, total) => { if (done == total) featureSeconds = clock.Elapsed.TotalSeconds; } });
    var photos = learner.Data.Train.Count + learner.Data.Valid.Count;
    var views = learner.Data.Train.Count * learner.Options.Views + learner.Data.Valid.Count;
    Console.WriteLine($"## {set} (features {features}, no-face {noFace}, align {align}, other training faces {others}, face choice {choice}, classifier {classifier} (penalties {string.Join(",", penalties)}), mirror average {mirror}, seed {seed})");
    Console.WriteLine($"cross-validated on train: {string.Join(", ", learner.Choice.CrossValidated.Select(p => $"{p.Key} {p.Value}"))}");
    if (learner.Choice.Penalties.Count > 0)
        Console.WriteLine($"logistic penalty per kind: {string.Join(", ", learner.Choice.Penalties.Select(p => $"{p.Key} {p.Value}"))}");
    Console.WriteLine($"chosen: {learner.Choice.Chosen}; unknown distance {learner.Spec.UnknownDistance:F3}");
    Console.WriteLine($"valid accuracy: {learner.Validation.Accuracy}");
    Console.WriteLine($"faces missed: train {learner.TrainFacesMissed}/{learner.Data.Train.Count}, valid {learner.ValidFacesMissed}/{learner.Data.Valid.Count}; excluded valid {learner.ExcludedValid.Count}");
    var byPath = learner.Data.Valid.ToDictionary(p => p.Path);
    Report("valid photos > 64 px", learner.Validation.Predictions.Where(p => Math.Max(byPath[p.Path].Width, byPath[p.Path].Height) > 64));
    Report("valid icons <= 64 px", learner.Validation.Predictions.Where(p => Math.Max(byPath[p.Path].Width, byPath[p.Path].Height) <= 64));
    Report("valid, face found", learner.Validation.Predictions.Where(p => byPath[p.Path].FaceFound));
    Report("valid, no face found", learner.Validation.Predictions.Where(p => !byPath[p.Path].FaceFound));
    if (Environment.GetEnvironmentVariable("PEOPLE_BENCH_ERRORS") == "1")
        foreach (var r in learner.Validation.Predictions.Where(r => r.Actual != r.Predicted))
        {
            var photo = byPath[r.Path];
            var face = photo.Face?.Box is { } b ? $"face {b.Width:F0}x{b.Height:F0} in {photo.Width}x{photo.Height}" : $"no face in {photo.Width}x{photo.Height}";
            Console.WriteLine($"  wrong: {r.Path} {learner.Data.Classes[r.Actual]} -> {learner.Data.Classes[r.Predicted]} ({face})");
        }
    using (var extractor = new FaceFeatureExtractor(alignment: align, mirrorAverage: mirror))
    {
        var images = learner.Data.Valid.Take(20).Select(p => Fewshot.Imaging.ImageLoader.Load(p.Path, PeopleData.DecodeMinSide)).ToList();
        // What prediction does: the largest face only, or (known, confident) the large faces to choose from.
        void Faces(Fewshot.Imaging.RgbImage image)
        {
            if (choice == FaceChoice.Largest) extractor.Extract(image);
            else extractor.ExtractWithOthers(image, 1, 0, PeoplePipeline.OtherFaces);
        }
        Faces(images[0]);
        var timer = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var image in images) Faces(image);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"detection + landmarks + embedding: {timer.Elapsed.TotalMilliseconds / images.Count:F0} ms per photo wall, " +
                          $"{cpu.TotalMilliseconds / images.Count:F0} ms CPU (mean of {images.Count}, decoding excluded)");
    }
    Console.WriteLine($"time: features {featureSeconds:F1}s for {photos} photos ({views} views), {1000 * featureSeconds / views:F0} ms per view; total {clock.Elapsed.TotalSeconds:F1}s");
    Console.WriteLine();
}

static void Report(string what, IEnumerable<PredictionRecord> records)
{
    var list = records.ToList();
    if (list.Count > 0) Console.WriteLine($"  {what}: {new Proportion(list.Count(r => r.Actual == r.Predicted), list.Count)}");
}

static DatasetSplit Only(DatasetSplit split, string[] classes)
{
    var index = classes.Select(c => split.Classes.ToList().IndexOf(c)).ToArray();
    List<LabelledImage> Take(IReadOnlyList<LabelledImage> items) =>
        items.Where(i => index.Contains(i.Label)).Select(i => i with { Label = Array.IndexOf(index, i.Label) }).ToList();
    return new DatasetSplit(classes, Take(split.Train), Take(split.Valid), []);
}
