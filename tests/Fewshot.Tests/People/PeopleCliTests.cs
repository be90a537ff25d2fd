using Fewshot.Cli.Commands;
using Fewshot.Faces;
using Fewshot.Imaging;
using Fewshot.People;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;
using SkiaSharp;

namespace Fewshot.Tests.People;

public sealed class PeopleCliTests(TrainedPeopleFixture run)
{
    [Fact]
    public void People_options_need_faces()
    {
        Assert.False(new TrainSettings { Data = "x", Features = PeopleFeatures.Face }.Validate().Successful);
        Assert.False(new TrainSettings { Data = "x", NoFace = NoFacePolicy.Exclude }.Validate().Successful);
        Assert.False(new TrainSettings { Data = "x", Align = FaceAlignment.Landmarks }.Validate().Successful);
        Assert.True(new TrainSettings { Data = "x", Faces = true, Features = PeopleFeatures.Face, NoFace = NoFacePolicy.Exclude }.Validate().Successful);
    }

    [Fact]
    public void Default_mode_options_are_refused_with_faces_not_ignored()
    {
        var result = new TrainSettings { Data = "x", Faces = true, Size = 64, Epochs = 3, Resume = true, Report = "r.html" }.Validate();
        Assert.False(result.Successful);
        foreach (var option in new[] { "--size", "--epochs", "--resume", "--report" }) Assert.Contains(option, result.Message);
        Assert.True(new TrainSettings { Data = "x", Faces = true, MaxPixels = 1000, Backbone = "resnet18", BatchSize = 8 }.Validate().Successful);
    }

    [Fact]
    public void Train_with_faces_checks_the_data_first_and_exports_a_people_model()
    {
        new FaceModelsFixture().RequireModels();
        Torch.Ready();
        var split = TestData.Subset("footballer_faces", 4, 2, "lionel_messi", "cristiano_ronaldo");
        var root = Directory.CreateTempSubdirectory("fewshot-people-cli-");
        try
        {
            CopyInto(split, root.FullName);
            using (var icon = new SKBitmap(16, 16))
            using (var encoded = icon.Encode(SKEncodedImageFormat.Png, 100))
                File.WriteAllBytes(Path.Combine(root.FullName, "train", "lionel_messi", "icon.png"), encoded.ToArray());
            var model = Path.Combine(root.FullName, "people.fewshot");

            var (code, output) = Reliability.Cli.Run("train", root.FullName, "--faces", "--out", model);

            Assert.True(code == 0, output);
            var lines = output.Split('\n');
            int check = Array.FindIndex(lines, l => l.StartsWith("check:") && l.Contains("icon.png"));
            int training = Array.FindIndex(lines, l => l.StartsWith("People mode: reading"));
            Assert.True(check >= 0 && check < training, $"the data check should name icon.png before training:\n{output}");
            Assert.Equal(Fewshot.Export.ModelManifest.PeopleKind, Fewshot.Export.ModelFile.Read(model).Manifest.Kind);

            // Batch scoring to a file works for people models too; image-only options are refused, not ignored.
            var csv = Path.Combine(root.FullName, "results.csv");
            var valid = Path.Combine(root.FullName, "valid");
            var (scored, scoring) = Reliability.Cli.Run("predict", model, valid, "--out", csv);
            Assert.True(scored == 0, scoring);
            var rows = File.ReadAllLines(csv);
            Assert.Equal("file,label,probability,prob_cristiano_ronaldo,prob_lionel_messi,face_source,face_x,face_y,face_width,face_height," +
                         "distance,nearest,reason,error,model", rows[0]);
            Assert.Equal(split.Valid.Count + 1, rows.Length);
            var (refused, message) = Reliability.Cli.Run("predict", model, valid, "--tta");
            Assert.Equal(Fewshot.Cli.ExitCodes.BadArguments, refused);
            Assert.Contains("--tta", message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sigint_during_people_training_exits_130_and_writes_nothing()
    {
        Assert.SkipUnless(Reliability.SignalledRun.Supported, "sends a POSIX signal");
        new FaceModelsFixture().RequireModels();
        var root = Directory.CreateTempSubdirectory("fewshot-people-sigint-");
        try
        {
            CopyInto(TestData.Subset("footballer_faces", 16, 2, "lionel_messi", "cristiano_ronaldo"), root.FullName);
            var model = Path.Combine(root.FullName, "people.fewshot");

            var (code, output, signalled) = Reliability.SignalledRun.Run(["train", root.FullName, "--faces", "--no-check", "--out", model],
                line => line.TrimStart().StartsWith("features:", StringComparison.Ordinal));

            Assert.True(signalled, output);
            Assert.True(code == Fewshot.Cli.ExitCodes.Interrupted, $"exit code {code}:\n{output}");
            Assert.Contains("nothing was written", output);
            Assert.DoesNotContain("Unhandled exception", output);
            Assert.False(File.Exists(model));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_class_without_any_face_under_exclude_is_a_clear_error_before_any_model_is_built()
    {
        new FaceModelsFixture().RequireModels();
        Torch.Ready();
        // Flowers have no faces; one face class beside them keeps the error about the flower class alone.
        var faces = TestData.Subset("footballer_faces", 3, 1, "lionel_messi");
        var flowers = TestData.Subset("flowers5", 3, 1, "daisy");
        var split = new Fewshot.Data.DatasetSplit(["lionel_messi", "daisy"],
            [.. faces.Train, .. flowers.Train.Select(i => i with { Label = 1 })],
            [.. faces.Valid, .. flowers.Valid.Select(i => i with { Label = 1 })], []);

        var error = Assert.Throws<FewshotException>(() => PeopleLearner.Train(split,
            new PeopleOptions { Features = PeopleFeatures.Face, NoFace = NoFacePolicy.Exclude, Views = 1, Folds = 2 }));

        Assert.Contains("'daisy'", error.Message);
        Assert.DoesNotContain("lionel_messi", error.Message);
        Assert.Contains("--no-face whole", error.Message);
    }

    [Fact]
    public void A_class_without_any_training_photo_is_named_plainly()
    {
        new FaceModelsFixture().RequireModels();
        Torch.Ready();
        var faces = TestData.Subset("footballer_faces", 3, 1, "lionel_messi");
        var split = new Fewshot.Data.DatasetSplit(["lionel_messi", "nobody"], faces.Train, faces.Valid, []);

        var error = Assert.Throws<FewshotException>(() => PeopleLearner.Train(split, new PeopleOptions { Views = 1, Folds = 2 }));

        Assert.Equal("There is no training photo of 'nobody'. Add photos of the class, or remove its folder.", error.Message);
    }

    [Fact]
    public void Interpret_says_it_reads_image_models_when_given_a_people_model()
    {
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            run.Learner.Export(file);
            var (code, output) = Reliability.Cli.Run("interpret", file, Path.GetTempPath());
            Assert.Equal(Fewshot.Cli.ExitCodes.Failed, code);
            Assert.Contains("people model", output);
            Assert.Contains("--faces", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Copies a split's photos into DIR/train/CLASS and DIR/valid/CLASS.</summary>
    static void CopyInto(Fewshot.Data.DatasetSplit split, string directory)
    {
        foreach (var (items, folder) in new[] { (split.Train, "train"), (split.Valid, "valid") })
            foreach (var item in items)
            {
                var target = Directory.CreateDirectory(Path.Combine(directory, folder, split.Classes[item.Label])).FullName;
                File.Copy(item.Path, Path.Combine(target, Path.GetFileName(item.Path)));
            }
    }

    [Fact]
    public void All_faces_names_every_face_of_a_group_photo_in_json_csv_and_the_drawn_copy()
    {
        // A team photo: eight faces found.
        var photo = Path.Combine(SharedData.Dataset("footballer_scenes"), "train", "mbappe", "Image_17.jpg");
        var image = ImageLoader.Load(photo, PeopleData.DecodeMinSide);
        var faces = run.Learner.PredictEveryFace(image, photo);
        Assert.True(faces.Count >= 5, $"{faces.Count} faces");
        Assert.Equal(Enumerable.Range(0, faces.Count).Select(i => (int?)i), faces.Select(f => f.FaceIndex));
        Assert.All(faces, f => Assert.True(f.FaceFound));
        Assert.Equal(faces.Select(f => f.Face!.Value.Area).OrderDescending(), faces.Select(f => f.Face!.Value.Area));

        var root = Directory.CreateTempSubdirectory("fewshot-all-faces-");
        try
        {
            var model = Path.Combine(root.FullName, "people.fewshot");
            run.Learner.Export(model);

            var (code, output) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--json");
            Assert.True(code == 0, output);
            var json = output.Split('\n').Single(l => l.StartsWith('{'));
            using (var row = System.Text.Json.JsonDocument.Parse(json))
            {
                var named = row.RootElement.GetProperty("faces").EnumerateArray().ToList();
                Assert.Equal(faces.Count, named.Count);
                for (int i = 0; i < faces.Count; i++)
                {
                    Assert.Equal(i, named[i].GetProperty("index").GetInt32());
                    Assert.Equal(faces[i].Prediction.Verdict, named[i].GetProperty("label").GetString());
                    Assert.Equal(faces[i].Face!.Value.X, named[i].GetProperty("face").GetProperty("x").GetSingle(), 2);
                    Assert.Equal("detector", named[i].GetProperty("faceSource").GetString());
                }
            }

            var csv = Path.Combine(root.FullName, "faces.csv");
            var drawn = Directory.CreateDirectory(Path.Combine(root.FullName, "drawn")).FullName;
            (code, output) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--out", csv, "--draw", drawn);
            Assert.True(code == 0, output);
            var lines = File.ReadAllLines(csv);
            Assert.StartsWith("file,face,label,probability,prob_lionel_messi,prob_cristiano_ronaldo,face_source,face_x,", lines[0]);
            Assert.Equal(faces.Count + 1, lines.Length);
            Assert.Equal(Enumerable.Range(0, faces.Count).Select(i => $"{photo},{i},"), lines.Skip(1).Select(l => l[..(l.IndexOf(',', photo.Length + 1) + 1)]));

            // Resuming writes only the faces not yet in the file: drop the last face's row and run again.
            File.WriteAllLines(csv, lines[..^1]);
            (code, output) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--out", csv);
            Assert.True(code == 0, output);
            Assert.Equal(lines, File.ReadAllLines(csv));
            (code, _) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--out", csv);
            Assert.Equal(lines, File.ReadAllLines(csv));

            // JSON Lines: a row per face with its index beside its box; resuming writes only the missing face again.
            var jsonl = Path.Combine(root.FullName, "faces.jsonl");
            (code, output) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--out", jsonl);
            Assert.True(code == 0, output);
            var rows = File.ReadAllLines(jsonl);
            Assert.Equal(faces.Count, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                using var row = System.Text.Json.JsonDocument.Parse(rows[i]);
                Assert.Equal(i, row.RootElement.GetProperty("faceIndex").GetInt32());
                Assert.Equal(faces[i].Face!.Value.X, row.RootElement.GetProperty("face").GetProperty("x").GetSingle(), 2);
            }
            File.WriteAllLines(jsonl, rows[..^1]);
            (code, output) = Reliability.Cli.Run("predict", model, photo, "--all-faces", "--out", jsonl);
            Assert.True(code == 0, output);
            Assert.Equal(rows, File.ReadAllLines(jsonl));
            // Rows per face and rows per photo never mix in one file.
            (code, output) = Reliability.Cli.Run("predict", model, photo, "--out", jsonl);
            Assert.Equal(Fewshot.Cli.ExitCodes.Failed, code);
            Assert.Contains("per face", output);
            Assert.Equal(rows, File.ReadAllLines(jsonl));

            // Every box is drawn: the middle of each box's left edge is green (named) or red (unknown).
            var copy = ImageLoader.Load(Directory.GetFiles(drawn).Single());
            foreach (var face in faces)
            {
                var box = face.Face!.Value;
                int x = Math.Clamp((int)Math.Round(box.X), 0, copy.Width - 1), y = (int)(box.Y + box.Height / 2);
                int at = (y * copy.Width + x) * 3;
                byte r = copy.Pixels[at], g = copy.Pixels[at + 1], b = copy.Pixels[at + 2];
                Assert.True(face.Prediction.IsUnknown ? r > 150 && g < 90 && b < 90 : g > 120 && r < 100 && b < 100,
                    $"face {face.FaceIndex} ({face.Prediction.Verdict}) at ({x},{y}): {r},{g},{b}");
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rows_say_where_the_face_came_from_and_an_unknown_shows_its_nearest_class_as_such()
    {
        var root = Directory.CreateTempSubdirectory("fewshot-people-rows-");
        try
        {
            var model = Path.Combine(root.FullName, "people.fewshot");
            run.Learner.Export(model);
            // A stranger's face, a photo without a face, and a file name holding a tab.
            var stranger = Path.Combine(root.FullName, "mad\tonna.jpg");
            File.Copy(Directory.GetFiles(Path.Combine(SharedData.Dataset("five_celebrity_faces"), "valid", "madonna")).Order().First(), stranger);
            var flower = Directory.GetFiles(Path.Combine(SharedData.Dataset("flowers5"), "valid", "daisy")).Order().First();

            var (code, output) = Reliability.Cli.Run("predict", model, stranger, flower);

            Assert.True(code == 0, output);
            var rows = output.Split('\n').Where(l => l.Contains('\t')).ToList();
            Assert.Equal(2, rows.Count);
            var strangerRow = rows.Single(r => r.StartsWith(Path.Combine(root.FullName, "mad\\tonna.jpg") + "\t", StringComparison.Ordinal)).Split('\t');
            Assert.Equal("unknown", strangerRow[1]);
            Assert.Equal("", strangerRow[2]);
            Assert.Contains("detector", strangerRow[3]);
            Assert.Matches(@"^nearest (lionel_messi|cristiano_ronaldo) 0\.\d{4}: the face is", strangerRow[4]);
            var flowerRow = rows.Single(r => r.StartsWith(flower + "\t", StringComparison.Ordinal)).Split('\t');
            Assert.StartsWith("no face found, whole photo used", flowerRow[3]);

            (code, output) = Reliability.Cli.Run("predict", model, flower, "--json");
            Assert.True(code == 0, output);
            using var json = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{')));
            Assert.Equal("whole-photo", json.RootElement.GetProperty("faceSource").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("face").ValueKind);
            Assert.True(json.RootElement.GetProperty("distance").GetSingle() > 0);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Drawn_copy_shows_the_face_box_in_green()
    {
        var item = run.Split.Valid[0];
        var image = ImageLoader.Load(item.Path, PeopleData.DecodeMinSide);
        var result = run.Learner.Predict(image, item.Path);
        Assert.True(result.FaceFound);
        var path = Path.Combine(Path.GetTempPath(), $"drawn-{Guid.NewGuid():N}.png");
        try
        {
            FaceDrawing.Save(image, result.Face, result.Prediction.Verdict, result.Prediction.IsUnknown, path);
            var drawn = ImageLoader.Load(path);
            Assert.Equal((image.Width, image.Height), (drawn.Width, drawn.Height));
            var box = result.Face!.Value;
            // Middle of the box's left edge: the stroke is green.
            int x = (int)Math.Round(box.X), y = (int)(box.Y + box.Height / 2);
            int at = (y * drawn.Width + Math.Clamp(x, 0, drawn.Width - 1)) * 3;
            Assert.True(drawn.Pixels[at + 1] > 120 && drawn.Pixels[at] < 100 && drawn.Pixels[at + 2] < 100,
                $"pixel ({x},{y}) is {drawn.Pixels[at]},{drawn.Pixels[at + 1]},{drawn.Pixels[at + 2]}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
