using Fewshot.Data;
using Fewshot.People;
using Fewshot.Tests.Faces;
using Fewshot.Tests.Support;

[assembly: AssemblyFixture(typeof(Fewshot.Tests.People.TrainedPeopleFixture))]

namespace Fewshot.Tests.People;

/// <summary>
/// One small people-mode run shared by the whole test run, made when a test first asks for it: Messi vs Ronaldo face
/// crops, 8 training photos each.
/// </summary>
public sealed class TrainedPeopleFixture : IDisposable
{
    readonly Lazy<(PeopleLearner? Learner, DatasetSplit? Split)> _run;

    public TrainedPeopleFixture()
    {
        _run = new Lazy<(PeopleLearner?, DatasetSplit?)>(() =>
        {
            new FaceModelsFixture().RequireModels();
            Torch.Ready();
            var split = TestData.Subset("footballer_faces", 8, 3, "lionel_messi", "cristiano_ronaldo");
            var options = new PeopleOptions { Views = 2, Folds = 3, Epochs = 8 };
            return (PeopleLearner.Train(split, options), split);
        });
    }

    public PeopleLearner Learner => _run.Value.Learner!;
    public DatasetSplit Split => _run.Value.Split!;

    public void Dispose()
    {
        if (_run.IsValueCreated) _run.Value.Learner?.Dispose();
    }
}
