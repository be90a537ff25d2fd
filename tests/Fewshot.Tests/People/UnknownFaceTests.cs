using Fewshot.People;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.People;

public sealed class UnknownFaceTests(TrainedPeopleFixture run)
{
    static float[] At(float x, float y = 0) => [x, y];

    [Fact]
    public void Leave_persons_out_puts_the_distance_between_the_known_faces_and_the_strangers()
    {
        // Person 0 at x = 0, 0.2, 0.4 (nearest other face 0.2); person 1 at x = 1, 1.25, 1.5 (0.25). As a stranger,
        // person 0's faces are 0.6 and more from person 1's, and the other way round.
        var descriptors = new[] { At(0), At(0.2f), At(0.4f), At(1), At(1.25f), At(1.5f) };
        long[] labels = [0, 0, 0, 1, 1, 1];
        var lpo = new LeavePersonsOut(descriptors, labels, [true, true, true, true, true, true]);

        var chosen = lpo.Choose();

        Assert.InRange(chosen.Distance, 0.25f, 0.6f);
        Assert.Equal(new(6, 6), (chosen.StrangersRejected.Successes, chosen.StrangersRejected.Total));
        Assert.Equal(new(6, 6), (chosen.KnownKept.Successes, chosen.KnownKept.Total));
        // The middle of the span that costs the least: between the farthest known face (0.25) and the nearest stranger (0.6).
        Assert.Equal(0.425f, chosen.Distance, 4);
    }

    [Fact]
    public void A_known_face_turned_away_costs_more_than_a_stranger_let_in()
    {
        // Person 0 has one far face (0.89 from its nearest): keeping it lets in the two strangers at 0.8.
        var descriptors = new[] { At(0), At(0.2f), At(-0.7f, 0.55f), At(1), At(1.2f), At(1.4f) };
        long[] labels = [0, 0, 0, 1, 1, 1];
        var everyone = new LeavePersonsOut(descriptors, labels, [true, true, true, true, true, true]);
        Assert.True(everyone.Choose(knownCost: 10).Distance > everyone.Choose(knownCost: 0.5).Distance);

        // A face cross-validation named wrong is no known face: turning it away costs nothing.
        var named = new LeavePersonsOut(descriptors, labels, [true, true, false, true, true, true]);
        var chosen = named.Choose(knownCost: 10);
        Assert.Equal(5, chosen.KnownKept.Total);
        Assert.True(chosen.Distance < 0.6f, $"{chosen.Distance}");
    }

    [Fact]
    public void Nobody_to_play_a_stranger_means_no_threshold()
    {
        var lpo = new LeavePersonsOut([At(0), At(0.1f)], [0, 0], [true, true]);
        Assert.True(lpo.Choose().IsNever);
        Assert.Equal(0, lpo.Choose().StrangersRejected.Total);
    }

    [Fact]
    public void A_class_of_many_people_is_found_by_its_faces_not_forming_one_group()
    {
        // Class 0: one person (faces within 0.1 of each other). Class 1: six people, each 1 from the others.
        var descriptors = new List<float[]> { At(0), At(0.1f), At(0.2f), At(0.15f, 0.1f) };
        var labels = new List<long> { 0, 0, 0, 0 };
        for (int k = 0; k < 6; k++) { descriptors.Add(At(3 + k, 5)); labels.Add(1); }

        Assert.Equal([1], RestClasses.Find(descriptors, labels, 2));
        // Never every class: with nobody named, there is no "everyone else".
        Assert.Empty(RestClasses.Find(descriptors.Skip(4).ToList(), labels.Skip(4).Select(_ => 0L).ToList(), 1));
    }

    [Theory]
    [InlineData(PeopleFeatures.Face, true)]
    [InlineData(PeopleFeatures.Scene, false)]
    public void Only_a_model_that_names_faces_leaves_a_faceless_photo_or_a_far_face_unnamed(PeopleFeatures kind, bool unknown)
    {
        Torch.Ready();
        int inputs = kind == PeopleFeatures.Face ? 128 : 4;
        var gallery = new float[2 * 128];
        gallery[128] = 1;
        using var model = new PeopleModel(inputs, 2, gallery, [0, 1]);
        var spec = new PeopleSpec
        {
            Features = kind, NoFace = NoFacePolicy.Exclude, Margin = 0, Dimension = inputs, GallerySize = 2,
            UnknownDistance = 0.5f, Unknown = new UnknownSpec("auto", 0, 0, 0, 0),
        };
        using var pipeline = new PeoplePipeline(model, spec, ["a", "b"], null, null, ownsExtractors: false);
        var far = new float[128];
        far[5] = 3;
        float[] scene = [1, 2, 3, 4];

        var faceless = pipeline.Answer(new FaceSample(null, [far]), scene, "no-face.jpg");
        var stranger = pipeline.Answer(new FaceSample(new Fewshot.Faces.FaceBox(1, 0, 0, 20, 20), [far]), scene, "far.jpg");

        Assert.Equal(unknown, faceless.Prediction.IsUnknown);
        Assert.Equal(unknown, stranger.Prediction.IsUnknown);
        if (unknown) Assert.Equal("no face found", faceless.UnknownReason);
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
    public void The_model_records_how_its_distance_did_in_leave_persons_out()
    {
        var learner = run.Learner;
        var unknown = learner.Spec.Unknown!;
        Assert.Equal("auto", unknown.Setting);
        Assert.Equal(learner.Unknown.StrangersRejected.Successes, unknown.StrangersRejected);
        Assert.Equal(learner.Unknown.KnownKept.Total, unknown.Known);
        // Two people: every training face of each plays a stranger to the other.
        Assert.Equal(learner.Data.Train.Count(p => p.FaceFound), unknown.Strangers);
        Assert.True(unknown.KnownKept >= unknown.Known - 1, $"{unknown.KnownKept} of {unknown.Known}");
    }
}
