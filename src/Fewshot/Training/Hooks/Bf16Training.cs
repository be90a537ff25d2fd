using Fewshot.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>
/// Mixed-precision training without autocast (TorchSharp has none on CPU): a bf16 working copy of the model runs each
/// step's forward and backward pass, its gradients are copied into the fp32 master weights, and the optimiser updates
/// the masters. Batch-norm layers stay fp32 in the copy; their running statistics flow back. Layer groups whose whole
/// stage moves them less than bf16 can see are left out of back-propagation (<see cref="BelowBf16Resolution"/>).
/// </summary>
internal sealed class Bf16Training(ClassifierNetwork master, int classCount, LearningRates rates, LearnerOptions options,
    Action<BelowBf16Resolution> excluded)
    : TrainingHook, IDisposable
{
    ClassifierNetwork? _work;
    (Parameter Master, Parameter Work)[] _parameters = [];
    (Tensor Master, Tensor Work)[] _buffers = [];
    BelowBf16Resolution? _unmoved;

    /// <summary>The working copy, for setting its training mode (null before the fit starts).</summary>
    public ClassifierNetwork? Work => _work;

    public override void BeforeFit(TrainingRun run)
    {
        _work = new ClassifierNetwork(master.body.Info.CreateArchitecture(), classCount);
        _work.to(ScalarType.BFloat16);
        foreach (var bn in _work.modules().Where(m => m is BatchNorm2d or BatchNorm1d)) bn.to(ScalarType.Float32);
        var workParameters = _work.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _parameters = master.named_parameters().Select(p => (p.parameter, workParameters[p.name])).ToArray();
        var workBuffers = _work.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        _buffers = master.named_buffers().Select(b => (b.buffer, workBuffers[b.name])).ToArray();
        CopyBuffers(toWork: true);
        _unmoved = BelowBf16Resolution.Exclude(master.LayerGroups, rates, run.Plan.Steps, options);
        if (_unmoved.Groups.Count > 0) excluded(_unmoved);
        run.StepModel = _work;
        run.StepInputType = ScalarType.BFloat16;
        run.ZeroGradients = () => _work.zero_grad();
    }

    public override void BeforeStep(TrainingRun run)
    {
        using var _ = no_grad();
        foreach (var (m, work) in _parameters)
        {
            work.requires_grad = m.requires_grad;
            if (m.requires_grad) work.copy_(m);
        }
    }

    public override void AfterBackward(TrainingRun run)
    {
        foreach (var (m, work) in _parameters)
            if (m.requires_grad && work.grad is { } gradient)
                m.grad = gradient.to(ScalarType.Float32);
    }

    public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss) => CopyBuffers(toWork: false);

    void CopyBuffers(bool toWork)
    {
        using var _ = no_grad();
        foreach (var (m, work) in _buffers)
            if (toWork) work.copy_(m); else m.copy_(work);
    }

    public void Dispose()
    {
        _unmoved?.Dispose();
        _work?.Dispose();
    }
}
