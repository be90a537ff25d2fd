using Fewshot.People;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.People;

public sealed class UnknownFaceTests(TrainedPeopleFixture run) : IClassFixture<TrainedPeopleFixture>
{
    [Fact]
    public void Threshold_is_the_quantile_of_nearest_same_class_distances()
    {
        // Class 0 at x = 0, 1, 3 (nearest-neighbour distances 1, 1, 2); class 1 at 10, 10.5 (0.5, 0.5).
        float[] At(float x) => [x, 0];
        var descriptors = new[] { At(0), At(1), At(3), At(10), At(10.5f) };
        long[] labels = [0, 0, 0, 1, 1];
        Assert.Equal(2f, UnknownCalibration.Calibrate(descriptors, labels, 1.0));
        Assert.Equal(1f, UnknownCalibration.Calibrate(descriptors, labels, 0.8));
        Assert.Equal(0.5f, UnknownCalibration.Calibrate(descriptors, labels, 0.4));
        Assert.Equal(float.PositiveInfinity, UnknownCalibration.Calibrate([At(0), At(1)], [0, 1], 0.95));
    }

    [Fact]
    public void Someone_from_neither_class_is_unknown_and_the_players_are_not()
    {
        var learner = run.Learner;
        var limit = learner.Spec.UnknownDistance;
        Assert.NotNull(limit);
        var stranger = Directory.GetFiles(Path.Combine(SharedData.Dataset("five_celebrity_faces"), "valid", "madonna")).Order().First();
        var verdict = learner.Predict(stranger);
        Assert.True(verdict.FaceFound);
        Assert.True(verdict.Prediction.IsUnknown, $"distance {verdict.NearestDistance} vs threshold {limit}");
        Assert.Equal("unknown", verdict.Prediction.Verdict);
        Assert.True(verdict.NearestDistance > limit);

        var known = run.Split.Valid.Select(i => learner.Predict(i.Path)).Where(p => p.FaceFound).ToList();
        Assert.NotEmpty(known);
        Assert.True(known.Count(p => !p.Prediction.IsUnknown) >= known.Count - 1,
            string.Join(", ", known.Select(p => $"{p.NearestDistance:F3}")));
    }

    [Fact]
    public void Most_training_faces_lie_within_the_threshold_of_another_face_of_their_class()
    {
        var learner = run.Learner;
        var faces = learner.Data.Train.Where(p => p.FaceFound).ToList();
        int within = faces.Count(p => faces.Any(q => q != p && q.Label == p.Label &&
            UnknownCalibration.Distance(p.Face!.Descriptors[0], q.Face!.Descriptors[0]) <= learner.Spec.UnknownDistance));
        Assert.True(within >= Math.Floor(learner.Options.UnknownQuantile * faces.Count), $"{within} of {faces.Count}");
    }
}
