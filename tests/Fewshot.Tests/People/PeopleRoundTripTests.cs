using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.People;
using Fewshot.Imaging;
using Fewshot.Predictors;

namespace Fewshot.Tests.People;

public sealed class PeopleRoundTripTests(TrainedPeopleFixture run)
{
    [Fact]
    public void Exported_people_model_gives_the_in_memory_probabilities()
    {
        var learner = run.Learner;
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            learner.Export(file);
            using var predictor = PeoplePredictor.Load(file);
            Assert.Equal(ModelManifest.PeopleKind, predictor.Manifest.Kind);
            Assert.Equal(learner.Choice.Chosen, predictor.Spec.Features);
            Assert.Equal(learner.Data.Train.Count(p => p.FaceFound), predictor.Spec.GallerySize);
            Assert.Equal(3, predictor.Spec.CrossValidation!.Count);
            Assert.Equal(PeopleClassifier.Logistic, predictor.Spec.Classifier);
            Assert.Contains(predictor.Spec.Penalty!.Value, new PeopleOptions().Penalties);
            Assert.Equal(FaceChoice.Confident, predictor.Spec.FaceChoice);
            Assert.Equal(Fewshot.Faces.FaceAlignment.Chip, predictor.Spec.Alignment);
            foreach (var item in run.Split.Valid)
            {
                var image = ImageLoader.Load(item.Path, PeopleData.DecodeMinSide);
                var expected = learner.Predict(image, item.Path);
                var actual = predictor.Predict(image, item.Path);
                Assert.Equal(expected.Face, actual.Face);
                Assert.Equal(expected.NearestDistance, actual.NearestDistance, 5);
                for (int c = 0; c < expected.Prediction.Probabilities.Count; c++)
                    Assert.Equal(expected.Prediction.Probabilities[c], actual.Prediction.Probabilities[c], 5);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Trained_head_tells_the_two_players_apart_on_held_out_photos()
    {
        // 8 training crops each; the identity descriptors separate these two far better than chance.
        Assert.True(run.Learner.Validation.Accuracy.Successes >= 5, run.Learner.Validation.Accuracy.ToString());
        Assert.Equal(run.Split.Valid.Count, run.Learner.Validation.Accuracy.Total);
    }

    [Fact]
    public void Image_predictor_points_to_the_people_predictor()
    {
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            run.Learner.Export(file);
            var error = Assert.Throws<FewshotException>(() => Predictor.Load(file));
            Assert.Contains("PeoplePredictor", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Model_file_holds_descriptors_and_head_but_no_photos()
    {
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            run.Learner.Export(file);
            var (manifest, weights) = ModelFile.Read(file);
            var spec = PeopleSpecFormat.Read(manifest, file)!;
            // Gallery (G × 128 floats) + head (BN and linear on D inputs) + small headers; a photo would be far larger.
            long floats = spec.GallerySize * 128L + spec.Dimension * (4L + manifest.Classes.Count) + manifest.Classes.Count;
            Assert.InRange(weights.Length, floats * 4, floats * 4 + 4096);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Model_trained_with_the_removed_rotate_option_is_refused_saying_to_retrain()
    {
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            run.Learner.Export(file);
            var (manifest, weights) = ModelFile.Read(file);
            // A file from before the alignment was named: landmark boxes ("align") turned level ("rotate").
            var people = (System.Text.Json.Nodes.JsonObject)manifest.People!.DeepClone();
            people.Remove("alignment");
            people["align"] = true;
            people["rotate"] = true;
            ModelFile.Write(file, manifest with { People = people }, weights);

            var error = Assert.Throws<FewshotException>(() => PeoplePredictor.Load(file));
            Assert.Contains("train the model again", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("features", "expected")]
    [InlineData("dimension", "expected")]
    [InlineData("gallery", "gallery size")]
    [InlineData("decode", "decode side")]
    [InlineData("padding", "padding")]
    [InlineData("no-face", "no-face policy")]
    [InlineData("unknown", "unknown distance")]
    [InlineData("rest", "many people")]
    public void Model_with_a_damaged_people_manifest_is_refused_not_crashed_on(string field, string named)
    {
        var file = Path.Combine(Path.GetTempPath(), $"people-{Guid.NewGuid():N}.fewshot");
        try
        {
            run.Learner.Export(file);
            var (manifest, weights) = ModelFile.Read(file);
            var spec = PeopleSpecFormat.Read(manifest, file)!;
            spec = field switch
            {
                "features" => spec with { Features = spec.Features == PeopleFeatures.Scene ? PeopleFeatures.Face : PeopleFeatures.Scene },
                "dimension" => spec with { Dimension = -5 },
                "gallery" => spec with { GallerySize = -1 },
                "padding" => spec with { Padding = float.NaN },
                "no-face" => spec with { NoFace = NoFacePolicy.Auto },
                "unknown" => spec with { UnknownDistance = -0.5f },
                "rest" => spec with { RestClasses = ["nobody"] },
                _ => spec with { DecodeMinSide = 0 },
            };
            ModelFile.Write(file, manifest with { People = PeopleSpecFormat.Write(spec) }, weights);

            var error = Assert.Throws<FewshotException>(() => PeoplePredictor.Load(file));
            Assert.Contains(named, error.Message);
            Assert.Contains("Train the model again", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
