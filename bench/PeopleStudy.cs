#:project ../src/Fewshot/Fewshot.csproj
#:property PublishAot=false
// Resampling studies of people mode's choices on the shared face sets (bench/README.md, "People mode").
// `dotnet run bench/PeopleStudy.cs -- features [--draws N] SET:PER_CLASS ...`: many random draws of PER_CLASS training
// photos per class, the rest scored; how often each rule for choosing the features picks the candidate that is
// better on the photos not drawn, and the accuracy it gets. Features of every photo are computed once and cached
// under $FEWSHOT_CACHE/bench (default ~/.cache/fewshot/bench).
using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Evaluation;
using Fewshot.People;

var root = Environment.GetEnvironmentVariable("FEWSHOT_DATASETS") ?? "/work/shared/datasets";
var study = args.Length > 0 ? args[0] : "features";
int draws = 20;
var sets = new List<(string Name, int PerClass)>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--draws") draws = int.Parse(args[++i]);
    else
    {
        var parts = args[i].Split(':');
        sets.Add((parts[0], parts.Length > 1 ? int.Parse(parts[1]) : 30));
    }
}
if (sets.Count == 0) sets = [("footballer_scenes", 30), ("footballer_faces", 30), ("five_celebrity_faces", 14)];
if (study == "person")
{
    // lionel_messi from footballer_faces against everyone else: the other four footballers and five_celebrity_faces.
    var (footballers, footballerPhotos) = Features("footballer_faces");
    var (_, celebrityPhotos) = Features("five_celebrity_faces");
    int messi = footballers.ToList().IndexOf("lionel_messi");
    var pooled = footballerPhotos.Select(p => p with { Label = p.Label == messi ? 0 : 1 })
        .Concat(celebrityPhotos.Select(p => p with { Label = 1 })).ToList();
    Console.WriteLine($"## lionel_messi ({pooled.Count(p => p.Label == 0)} photos) against everyone else ({pooled.Count(p => p.Label == 1)} photos), 30 drawn per side, {draws} draws");
    if (args.Contains("--spread"))
        for (int d = 0; d < 5; d++) Spread(["lionel_messi", "others"], Draw(pooled, 30, 2000 + d).Train);
    else PersonStudy(["lionel_messi", "others"], pooled, 30, draws);
    return;
}

foreach (var (name, perClass) in sets)
{
    var (classes, photos) = Features(name);
    Console.WriteLine($"## {name}: {photos.Count} photos, {perClass} drawn per class for training, {draws} draws");
    if (study == "features") FeatureStudy(classes, photos, perClass, draws);
    else if (study == "unknown") UnknownStudy(classes, photos);
    else if (study == "spread") Spread(classes, photos.Where(IsTrain).ToList());
    else if (study == "centre")
    {
        var faces = photos.Where(p => p.FaceFound).Select(p => p.Face!.Descriptors[0]).ToList();
        var mean = Enumerable.Range(0, faces[0].Length).Select(k => faces.Average(f => f[k])).ToArray();
        string Q(IEnumerable<float> v) { var l = v.Order().ToList(); return l.Count == 0 ? "-" : string.Join(" ", new[] { 0, 0.05, 0.25, 0.5, 0.75, 0.95, 1 }.Select(q => l[Math.Clamp((int)(q * (l.Count - 1)), 0, l.Count - 1)].ToString("F2"))); }
        float Norm(float[] v) => MathF.Sqrt(v.Sum(x => x * x));
        Console.WriteLine($"faces ({faces.Count}): to centre {Q(faces.Select(f => FaceDistance.Between(f, mean)))}; norm {Q(faces.Select(Norm))}");
        Console.WriteLine($"face share of photo area: {Q(photos.Where(p => p.FaceFound).Select(p => p.Face!.Box!.Value.Area / (p.Width * (float)p.Height)))}");
        Console.WriteLine($"face share of photo side: {Q(photos.Where(p => p.FaceFound).Select(p => Math.Max(p.Face!.Box!.Value.Width / p.Width, p.Face!.Box!.Value.Height / p.Height)))}");
        var whole = photos.Where(p => !p.FaceFound).Select(p => p.Face!.Descriptors[0]).ToList();
        Console.WriteLine($"whole photos ({whole.Count}): to centre {Q(whole.Select(f => FaceDistance.Between(f, mean)))}; norm {Q(whole.Select(Norm))}");
        foreach (var p in photos.Where(p => !p.FaceFound)) Console.WriteLine($"  {Path.GetFileName(p.Path)} {p.Width}x{p.Height} centre {FaceDistance.Between(p.Face!.Descriptors[0], mean):F2} nearest face {faces.Min(f => FaceDistance.Between(f, p.Face!.Descriptors[0])):F2}");
    }
    Console.WriteLine();
}

/// Every photo of the set (train and valid pooled) with 4 views, computed once and cached.
(IReadOnlyList<string> Classes, List<PersonPhoto> Photos) Features(string set)
{
    var options = new PeopleOptions();
    var cacheDir = Path.Combine(Environment.GetEnvironmentVariable("FEWSHOT_CACHE") ??
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "fewshot"), "bench");
    var cache = Path.Combine(cacheDir, $"people-{set}-views{options.Views}-pad{options.Padding}-{options.Alignment}.bin".ToLowerInvariant());
    var split = ImageFolder.Scan(Path.Combine(root, set));
    var pooled = new DatasetSplit(split.Classes, split.Train.Concat(split.Valid).ToList(), [], []);
    if (File.Exists(cache)) return (split.Classes, FeatureCache.Read(cache));
    var clock = Stopwatch.StartNew();
    using var faces = new FaceFeatureExtractor(options.Margin, alignment: options.Alignment, mirrorAverage: options.MirrorAverage, padding: options.Padding);
    using var scenes = new SceneFeatureExtractor(options.SceneBackbone);
    var data = PeopleData.Compute(pooled, faces, scenes, options.Views, 0, null, default, options.OtherTrainingFaces);
    Directory.CreateDirectory(cacheDir);
    FeatureCache.Write(cache, data.Train);
    Console.WriteLine($"(features of {set} computed in {clock.Elapsed.TotalSeconds:F0}s, cached in {cache})");
    return (split.Classes, data.Train.ToList());
}

static (List<PersonPhoto> Train, List<PersonPhoto> Test) Draw(List<PersonPhoto> photos, int perClass, int seed)
{
    var random = new Random(seed);
    var train = new List<PersonPhoto>();
    var test = new List<PersonPhoto>();
    foreach (var group in photos.GroupBy(p => p.Label).OrderBy(g => g.Key))
    {
        var members = group.ToArray();
        random.Shuffle(members);
        train.AddRange(members.Take(perClass));
        test.AddRange(members.Skip(perClass));
    }
    return (train, test);
}

static void FeatureStudy(IReadOnlyList<string> classes, List<PersonPhoto> photos, int perClass, int draws)
{
    double[] zs = [0, 0.5, 1, 1.5, 2];
    var rules = new List<string> { "today: one 5-fold CV, highest accuracy" };
    rules.AddRange(zs.Select(z => $"5×5-fold CV, {z} SE rule"));
    rules.Add("always face (penalty by the 1 SE rule)");
    var picked = rules.ToDictionary(r => r, _ => new List<(PeopleFeatures Kind, double Accuracy, bool Best, bool BestKind)>());
    var oracle = new List<double>();
    var clock = Stopwatch.StartNew();
    for (int d = 0; d < draws; d++)
    {
        var (train, test) = Draw(photos, perClass, 1000 + d);
        var data = PeopleData.FromPhotos(classes, train, test);
        var options = new PeopleOptions { Seed = d };
        options = options with { NoFace = data.Resolve(options.NoFace) };
        var repeated = FeatureSelection.Score(data, options);
        var single = FeatureSelection.Score(data, options with { Repeats = 1 });
        // Each candidate's accuracy on all the photos not drawn: a photo its kind leaves out (no face found) is answered
        // "unknown", so it counts as wrong, as in people mode's validation.
        var truth = repeated.ToDictionary(c => (c.Kind, c.Penalty), c =>
        {
            var fit = PeopleFit.Run(data, options, c.Kind, c.Penalty);
            using var _ = fit.Model;
            return (double)fit.Validation.Accuracy.Successes / (fit.Validation.Accuracy.Total + fit.ExcludedValid.Count);
        });
        double best = truth.Values.Max();
        oracle.Add(best);
        void Record(string rule, CandidateScore pick)
        {
            double accuracy = truth[(pick.Kind, pick.Penalty)];
            bool bestKind = truth.Where(t => t.Key.Kind == pick.Kind).Max(t => t.Value) >= best - 1e-9;
            picked[rule].Add((pick.Kind, accuracy, accuracy >= best - 1e-9, bestKind));
        }
        // Today's rule: the kind with the most right, its penalty the one with the most right (ties: simpler).
        var todayPerKind = single.GroupBy(s => s.Kind).Select(g => g.OrderByDescending(s => s.Accuracy).First()).ToList();
        Record(rules[0], todayPerKind.OrderByDescending(s => s.Accuracy).First());
        for (int z = 0; z < zs.Length; z++)
        {
            var choice = FeatureSelection.Choose(repeated, zs[z]);
            Record(rules[1 + z], choice.Score(choice.Chosen));
            if (zs[z] == 1) Record(rules[^1], choice.Kinds[0]);
        }
        Console.Error.WriteLine($"draw {d}: {clock.Elapsed.TotalSeconds:F0}s; " + string.Join(", ", truth.Select(t => $"{t.Key.Kind} {t.Key.Penalty}: {100 * t.Value:F1}")));
    }
    Console.WriteLine($"Test photos per draw: {photos.Count - perClass * classes.Count}; best candidate on them (oracle) {100 * oracle.Average():F1}% mean");
    Console.WriteLine("| rule | picks face / scene / both | picks a best candidate on the test photos | picks a best kind | mean test accuracy |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var rule in rules)
    {
        var r = picked[rule];
        string Count(PeopleFeatures k) => r.Count(p => p.Kind == k).ToString();
        Console.WriteLine($"| {rule} | {Count(PeopleFeatures.Face)} / {Count(PeopleFeatures.Scene)} / {Count(PeopleFeatures.Both)} | " +
                          $"{r.Count(p => p.Best)}/{r.Count} | {r.Count(p => p.BestKind)}/{r.Count} | {100 * r.Average(p => p.Accuracy):F2}% |");
    }
}

/// One person against everyone else: the logistic head against a person-centred rule (the distance to the person's
/// nearest training faces, with the threshold that makes the fewest mistakes on the training faces).
static void PersonStudy(IReadOnlyList<string> classes, List<PersonPhoto> photos, int perClass, int draws)
{
    var names = new[] { "logistic head (face features, penalty by CV)", "nearest face of the person ≤ threshold", "mean of 3 nearest faces of the person ≤ threshold",
        "people mode: the head, and a face far from the person's faces is one of the others (unknown check auto)" };
    var right = new double[names.Length, 2]; var totals = new double[2];
    var perDraw = new List<string>();
    for (int d = 0; d < draws; d++)
    {
        var (train, test) = Draw(photos, perClass, 2000 + d);
        var data = PeopleData.FromPhotos(classes, train, test);
        var options = new PeopleOptions { Seed = d };
        options = options with { NoFace = data.Resolve(options.NoFace) };
        var choice = FeatureSelection.Choose(data, options, [PeopleFeatures.Face]);
        var fit = PeopleFit.Run(data, options, PeopleFeatures.Face, choice.Penalty, choice.Score(PeopleFeatures.Face));
        using var _ = fit.Model;
        var person = fit.Data.Train.Where(p => p.Label == 0 && p.Face is not null).Select(p => p.Face!.Descriptors[0]).ToList();
        var counts = new int[names.Length];
        for (int k = 1; k <= 2; k++)
        {
            int neighbours = k == 1 ? 1 : 3;
            float Score(float[] q, float[]? self) => person.Where(g => !ReferenceEquals(g, self)).Select(g => FaceDistance.Between(g, q)).Order().Take(neighbours).Average();
            var scored = fit.Data.Train.Where(p => p.Face is not null).Select(p => (Score(p.Face!.Descriptors[0], p.Face!.Descriptors[0]), p.Label)).ToList();
            float threshold = BestThreshold(scored);
            foreach (var photo in fit.Data.Valid)
            {
                bool isPerson = Score(photo.Face!.Descriptors[0], null) <= threshold;
                if ((isPerson ? 0 : 1) == photo.Label) { right[k, photo.Label]++; counts[k]++; }
            }
        }
        foreach (var r in fit.Validation.Predictions)
            if (r.Predicted == r.Actual) { right[0, r.Actual]++; counts[0]++; }
        foreach (var photo in fit.Data.Valid) totals[photo.Label]++;
        using (var pipeline = new PeoplePipeline(fit.Model, fit.Spec(options), classes, null, null, ownsExtractors: false))
            foreach (var (actual, answer) in PeopleAnswers.Of(fit.Data, pipeline).Photos)
                if (!answer.Prediction.IsUnknown && answer.Prediction.ClassIndex == actual) { right[3, actual]++; counts[3]++; }
        var gallery = fit.Data.Train.Where(p => p.FaceFound).Select(p => p.Face!.Descriptors[0]).ToList();
        int beyond = fit.Data.Valid.Count(p => p.Label == 1 && gallery.Min(g => FaceDistance.Between(g, p.Face!.Descriptors[0])) > fit.Unknown.Distance);
        int personBeyond = fit.Data.Valid.Count(p => p.Label == 0 && gallery.Min(g => FaceDistance.Between(g, p.Face!.Descriptors[0])) > fit.Unknown.Distance);
        perDraw.Add(string.Join(" / ", counts) + $" (unknown distance {fit.Unknown.Distance:F3}, rest classes [{string.Join(",", fit.RestClasses)}]; beyond it: others {beyond}, person {personBeyond})");
    }
    Console.WriteLine($"test photos per draw: {totals[0] / draws:F0} of the person, {totals[1] / draws:F0} others; right per draw (head / nearest / mean of 3 / people mode): {string.Join(", ", perDraw)}");
    Console.WriteLine("| rule | the person named right | others named right | accuracy | balanced accuracy |");
    Console.WriteLine("|---|---|---|---|---|");
    for (int r = 0; r < names.Length; r++)
        Console.WriteLine($"| {names[r]} | {100 * right[r, 0] / totals[0]:F1}% | {100 * right[r, 1] / totals[1]:F1}% | " +
                          $"{100 * (right[r, 0] + right[r, 1]) / (totals[0] + totals[1]):F2}% | {50 * (right[r, 0] / totals[0] + right[r, 1] / totals[1]):F2}% |");
}

/// The threshold on a score (low: the person, label 0) with the fewest mistakes on labelled scores; the middle of its span.
static float BestThreshold(List<(float Score, int Label)> scored)
{
    var values = scored.Select(s => s.Score).Distinct().Order().ToList();
    int Mistakes(float t) => scored.Count(s => (s.Score <= t ? 0 : 1) != s.Label);
    int best = 0;
    for (int k = 1; k < values.Count; k++) if (Mistakes(values[k]) < Mistakes(values[best])) best = k;
    return best + 1 < values.Count ? (values[best] + values[best + 1]) / 2 : values[best];
}

/// Per class: the median distance of its faces to the nearest other face of the class, and to the nearest face of another class.
static void Spread(IReadOnlyList<string> classes, List<PersonPhoto> train)
{
    var faces = train.Where(p => p.FaceFound).ToList();
    var parts = new List<string>();
    for (int c = 0; c < classes.Count; c++)
    {
        var own = faces.Where(p => p.Label == c).ToList();
        float Median(IEnumerable<float> v) { var l = v.Order().ToList(); return l.Count == 0 ? float.NaN : l[l.Count / 2]; }
        var within = Median(own.Select(p => own.Where(q => q != p).Min(q => FaceDistance.Between(p.Face!.Descriptors[0], q.Face!.Descriptors[0]))));
        var between = Median(own.Select(p => faces.Where(q => q.Label != c).Min(q => FaceDistance.Between(p.Face!.Descriptors[0], q.Face!.Descriptors[0]))));
        string Largest(float t) =>
            (RestClasses.LargestGroup(own.Select(p => p.Face!.Descriptors[0]).ToList(), t) / (double)own.Count).ToString("F2");
        parts.Add($"{classes[c]} {within:F3}/{between:F3} ({within / between:F2}) largest group at 0.45/0.5/0.55: {Largest(0.45f)}/{Largest(0.5f)}/{Largest(0.55f)}");
    }
    Console.WriteLine("within/between: " + string.Join(", ", parts));
}

static bool IsTrain(PersonPhoto photo) => photo.Path.Contains($"{Path.DirectorySeparatorChar}train{Path.DirectorySeparatorChar}");

/// Leave-persons-out: each person in turn is a stranger to a model trained on the others' training photos; the
/// others' valid photos are the known faces. Compares thresholds for "unknown" calibrated on the training photos alone.
static void UnknownStudy(IReadOnlyList<string> classes, List<PersonPhoto> photos)
{
    double[] costs = [1, 2, 3, 5, 10];
    var rules = new List<(string Name, Func<LeavePersonsOut, LeavePersonsOut, List<PersonPhoto>, float> Threshold)>
    {
        ("today: 95% of nearest same-person distances (found faces only)", (_, _, gallery) => TodayThreshold(gallery)),
        ("today's threshold on every photo", (_, _, gallery) => TodayThreshold(gallery)),
    };
    foreach (var c in costs)
    {
        rules.Add(($"leave-persons-out, cost {c}, known = named right in CV", (named, _, _) => named.Choose(c).Distance));
        rules.Add(($"leave-persons-out, cost {c}, known = every face", (_, every, _) => every.Choose(c).Distance));
    }
    var knownRight = new int[rules.Count]; var strangersRejected = new int[rules.Count]; var knownLostToDistance = new int[rules.Count];
    int known = 0, knownRightBase = 0, strangers = 0;
    var policies = new List<string>();
    for (int held = 0; held < classes.Count; held++)
    {
        var keep = Enumerable.Range(0, classes.Count).Where(c => c != held).ToList();
        PersonPhoto Relabel(PersonPhoto p) => p with { Label = keep.IndexOf(p.Label) };
        var train = photos.Where(p => p.Label != held && IsTrain(p)).Select(Relabel).ToList();
        var valid = photos.Where(p => p.Label != held && !IsTrain(p)).Select(Relabel).ToList();
        var stranger = photos.Where(p => p.Label == held).Select(p => p with { Label = 0 }).ToList();
        var data = PeopleData.FromPhotos(keep.Select(c => classes[c]).ToList(), train, valid.Concat(stranger));
        var options = new PeopleOptions { Unknown = UnknownSetting.Off };
        options = options with { NoFace = data.Resolve(options.NoFace) };
        policies.Add(options.NoFace.ToString().ToLowerInvariant());
        var choice = FeatureSelection.Choose(data, options, [PeopleFeatures.Face]);
        var fit = PeopleFit.Run(data, options with { NoFace = NoFacePolicy.Whole }, PeopleFeatures.Face, choice.Penalty, choice.Score(PeopleFeatures.Face));
        using var _ = fit.Model;
        var gallery = data.Train.Where(p => p.FaceFound).ToList();
        var scores = choice.Score(PeopleFeatures.Face);
        var right = scores.Photos.Select((photo, k) => (photo, k)).ToDictionary(x => x.photo, x => scores.PhotoScores[x.k] >= 0.5);
        var descriptors = gallery.Select(p => p.Face!.Descriptors[0]).ToList();
        var labels = gallery.Select(p => (long)p.Label).ToList();
        var namedRight = data.Train.Select((p, i) => (p, i)).Where(x => x.p.FaceFound).Select(x => right.GetValueOrDefault(x.i, true)).ToList();
        var named = new LeavePersonsOut(descriptors, labels, namedRight);
        var every = new LeavePersonsOut(descriptors, labels, descriptors.Select(_ => true).ToList());
        var thresholds = rules.Select(r => r.Threshold(named, every, gallery)).ToArray();
        for (int i = 0; i < fit.Data.Valid.Count; i++)
        {
            var photo = fit.Data.Valid[i];
            var record = fit.Validation.Predictions[i];
            bool isStranger = i >= valid.Count;
            float distance = descriptors.Min(g => FaceDistance.Between(g, photo.Face!.Descriptors[0]));
            if (isStranger) strangers++; else { known++; if (record.Predicted == record.Actual) knownRightBase++; }
            for (int r = 0; r < rules.Count; r++)
            {
                bool faceless = !photo.FaceFound;
                bool unknown = r == 0 ? !faceless && distance > thresholds[r]
                    : (faceless && options.NoFace == NoFacePolicy.Exclude) || distance > thresholds[r];
                if (isStranger && unknown) strangersRejected[r]++;
                if (!isStranger && !unknown && record.Predicted == record.Actual) knownRight[r]++;
                if (!isStranger && !faceless && unknown && record.Predicted == record.Actual) knownLostToDistance[r]++;
            }
        }
    }
    Console.WriteLine($"no-face policy (auto) per held-out person: {string.Join(", ", policies)}");
    Console.WriteLine($"known valid photos {known} (right without the check {knownRightBase}), stranger photos {strangers}");
    Console.WriteLine("| threshold | strangers rejected | known accuracy (unknown counts wrong) | known accuracy lost | of which faces beyond the distance |");
    Console.WriteLine("|---|---|---|---|---|");
    for (int r = 0; r < rules.Count; r++)
        Console.WriteLine($"| {rules[r].Name} | {strangersRejected[r]}/{strangers} ({100.0 * strangersRejected[r] / strangers:F1}%) | " +
                          $"{knownRight[r]}/{known} ({100.0 * knownRight[r] / known:F1}%) | {100.0 * (knownRightBase - knownRight[r]) / known:F1} points | " +
                          $"{knownLostToDistance[r]} ({100.0 * knownLostToDistance[r] / known:F1} points) |");
}

/// The threshold before leave-persons-out: the 95% quantile of each training face's distance to the nearest other face of its person.
static float TodayThreshold(List<PersonPhoto> gallery)
{
    var nearest = new List<float>();
    foreach (var p in gallery)
    {
        var own = gallery.Where(q => q != p && q.Label == p.Label).Select(q => FaceDistance.Between(p.Face!.Descriptors[0], q.Face!.Descriptors[0])).ToList();
        if (own.Count > 0) nearest.Add(own.Min());
    }
    if (nearest.Count == 0) return float.PositiveInfinity;
    nearest.Sort();
    return nearest[Math.Clamp((int)Math.Ceiling(0.95 * nearest.Count) - 1, 0, nearest.Count - 1)];
}

/// A binary cache of featurised photos: paths, labels, sizes, face samples (with their other faces) and scene views.
static class FeatureCache
{
    public static void Write(string path, IEnumerable<PersonPhoto> photos)
    {
        using var writer = new BinaryWriter(File.Create(path));
        var list = photos.ToList();
        writer.Write(list.Count);
        foreach (var p in list)
        {
            writer.Write(p.Path); writer.Write(p.Label); writer.Write(p.Width); writer.Write(p.Height);
            writer.Write(p.Face is not null);
            if (p.Face is not null) WriteFace(writer, p.Face);
            Vectors(writer, p.Scene);
        }
    }

    public static List<PersonPhoto> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        var photos = new List<PersonPhoto>(count);
        for (int i = 0; i < count; i++)
        {
            var file = reader.ReadString(); int label = reader.ReadInt32(), width = reader.ReadInt32(), height = reader.ReadInt32();
            var face = reader.ReadBoolean() ? ReadFace(reader) : null;
            photos.Add(new PersonPhoto(file, label, width, height, face, Vectors(reader)));
        }
        return photos;
    }

    static void WriteFace(BinaryWriter w, FaceSample face)
    {
        w.Write(face.Box is not null);
        if (face.Box is { } b) { w.Write(b.Score); w.Write(b.X); w.Write(b.Y); w.Write(b.Width); w.Write(b.Height); }
        w.Write((int)face.Source);
        Vectors(w, face.Descriptors);
        w.Write(face.Others.Count);
        foreach (var other in face.Others) WriteFace(w, other);
    }

    static FaceSample ReadFace(BinaryReader r)
    {
        Fewshot.Faces.FaceBox? box = r.ReadBoolean()
            ? new Fewshot.Faces.FaceBox(r.ReadSingle(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle(), r.ReadSingle()) : null;
        var source = (FaceSource)r.ReadInt32();
        var descriptors = Vectors(r)!;
        var others = Enumerable.Range(0, r.ReadInt32()).Select(_ => ReadFace(r)).ToList();
        return new FaceSample(box, descriptors) { Source = source, Others = others };
    }

    static void Vectors(BinaryWriter w, float[][]? vectors)
    {
        w.Write(vectors?.Length ?? -1);
        if (vectors is null) return;
        foreach (var v in vectors) { w.Write(v.Length); foreach (var x in v) w.Write(x); }
    }

    static float[][]? Vectors(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count < 0) return null;
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadSingle()).ToArray()).ToArray();
    }
}
