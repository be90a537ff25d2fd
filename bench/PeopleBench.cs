#:project ../src/Fewshot/Fewshot.csproj
#:property PublishAot=false
// People mode on the shared face sets: `dotnet run bench/PeopleBench.cs [--features auto|face|scene|both]
// [--classifier logistic|onecycle] [--penalties 0.3,1,3] [--face-choice largest|known|confident] [SET ...]`.
// Prints, per set: cross-validated accuracy of each kind of features, the choice, valid accuracy (what the model answers,
// "unknown" counted as wrong for these photos of known people) and faces missed.
using System.Diagnostics;
using Fewshot;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.People;

var root = Environment.GetEnvironmentVariable("FEWSHOT_DATASETS") ?? "/work/shared/datasets";
var features = PeopleFeatures.Auto;
var noFace = NoFacePolicy.Auto;
var align = Fewshot.Faces.FaceAlignment.Chip;
var others = 2;
var choice = FaceChoice.Confident;
var classifier = PeopleClassifier.Logistic;
double[] penalties = [.. new PeopleOptions().Penalties];
var mirror = true;
var seed = 0;
var unknown = UnknownSetting.Auto;
var padding = new PeopleOptions().Padding;
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
    else if (args[i] == "--unknown") unknown = UnknownSetting.Parse(args[++i]) ?? throw new ArgumentException("--unknown auto|off|DISTANCE");
    else if (args[i] == "--padding") padding = float.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
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
    double featureSeconds = 0, choiceSeconds = 0;
    using var learner = PeopleLearner.Train(split, new PeopleOptions { Features = features, NoFace = noFace, Alignment = align, OtherTrainingFaces = others, FaceChoice = choice, MirrorAverage = mirror, Classifier = classifier, Penalties = penalties, Seed = seed, Unknown = unknown, Padding = padding },
        new PeopleProgress
        {
            Features = (done, total) => { if (done == total) featureSeconds = clock.Elapsed.TotalSeconds; },
            Chosen = _ => choiceSeconds = clock.Elapsed.TotalSeconds - featureSeconds,
        });
    var photos = learner.Data.Train.Count + learner.Data.Valid.Count;
    var views = learner.Data.Train.Count * learner.Options.Views + learner.Data.Valid.Count;
    Console.WriteLine($"## {set} (features {features}, no-face {noFace}, align {align}, other training faces {others}, face choice {choice}, classifier {classifier} (penalties {string.Join(",", penalties)}), mirror average {mirror}, unknown {unknown}, padding {padding}, seed {seed})");
    Console.WriteLine($"cross-validated on train: {string.Join(", ", learner.Choice.CrossValidated.Select(p => $"{p.Key} {p.Value}"))}");
    if (learner.Choice.Penalties.Count > 0)
        Console.WriteLine($"logistic penalty per kind: {string.Join(", ", learner.Choice.Penalties.Select(p => $"{p.Key} {p.Value}"))}");
    Console.WriteLine($"chosen: {learner.Choice.Chosen}; no face: {learner.Options.NoFace} (median face share of its photo {learner.Data.MedianFaceShare():F2}); " +
                      $"unknown distance {learner.Spec.UnknownDistance:F3}, leave-persons-out on train: {learner.Unknown.Summary()}");
    Console.WriteLine($"valid accuracy, unknown counted as wrong: {learner.Answers.Accuracy} (unknown {learner.Answers.Unknown}, wrong {learner.Answers.Wrong}); " +
                      $"the head's best guess on the photos that took part: {learner.Validation.Accuracy}");
    Console.WriteLine($"faces missed: train {learner.TrainFacesMissed}/{learner.Data.Train.Count}, valid {learner.ValidFacesMissed}/{learner.Data.Valid.Count}; excluded valid {learner.ExcludedValid.Count}");
    var byPath = learner.Data.Valid.ToDictionary(p => p.Path);
    var answers = learner.Answers.Photos;
    Report("valid photos > 64 px", answers.Where(a => Math.Max(byPath[a.Answer.Prediction.Source].Width, byPath[a.Answer.Prediction.Source].Height) > 64));
    Report("valid icons <= 64 px", answers.Where(a => Math.Max(byPath[a.Answer.Prediction.Source].Width, byPath[a.Answer.Prediction.Source].Height) <= 64));
    Report("valid, face found", answers.Where(a => a.Answer.FaceFound));
    Report("valid, no face found", answers.Where(a => !a.Answer.FaceFound));
    if (Environment.GetEnvironmentVariable("PEOPLE_BENCH_ERRORS") == "1")
        foreach (var (actual, answer) in answers.Where(a => a.Answer.Prediction.IsUnknown || a.Answer.Prediction.ClassIndex != a.Actual))
        {
            var photo = byPath[answer.Prediction.Source];
            var face = answer.Face is { } b ? $"{answer.FaceSource.Name()} face {b.Width:F0}x{b.Height:F0} in {photo.Width}x{photo.Height}" : $"no face in {photo.Width}x{photo.Height}";
            Console.WriteLine($"  wrong: {answer.Prediction.Source} {learner.Data.Classes[actual]} -> {answer.Prediction.Verdict} " +
                              $"({face}, distance {answer.NearestDistance:F3}{(answer.UnknownReason is { } why ? "; " + why : "")})");
        }
    using (var extractor = new FaceFeatureExtractor(alignment: align, mirrorAverage: mirror, padding: padding))
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
    Console.WriteLine($"time: features {featureSeconds:F1}s for {photos} photos ({views} views), {1000 * featureSeconds / views:F0} ms per view; " +
                      $"choice of features and penalty {choiceSeconds:F1}s; total {clock.Elapsed.TotalSeconds:F1}s");
    Console.WriteLine();
}

static void Report(string what, IEnumerable<(int Actual, PersonPrediction Answer)> answers)
{
    var list = answers.ToList();
    if (list.Count > 0)
        Console.WriteLine($"  {what}: {new Proportion(list.Count(a => !a.Answer.Prediction.IsUnknown && a.Answer.Prediction.ClassIndex == a.Actual), list.Count)}" +
                          $", unknown {list.Count(a => a.Answer.Prediction.IsUnknown)}");
}

static DatasetSplit Only(DatasetSplit split, string[] classes)
{
    var index = classes.Select(c => split.Classes.ToList().IndexOf(c)).ToArray();
    List<LabelledImage> Take(IReadOnlyList<LabelledImage> items) =>
        items.Where(i => index.Contains(i.Label)).Select(i => i with { Label = Array.IndexOf(index, i.Label) }).ToList();
    return new DatasetSplit(classes, Take(split.Train), Take(split.Valid), []);
}
