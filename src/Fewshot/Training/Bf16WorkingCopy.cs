using Fewshot.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Training;

/// <summary>
/// Mixed-precision training without autocast (TorchSharp has none on CPU): a bf16 working copy of the model
/// runs forward and backward, its gradients are copied into the fp32 master weights, and the optimiser
/// updates the masters. Batch-norm layers stay fp32 in the copy; their running statistics flow back.
/// </summary>
internal sealed class Bf16WorkingCopy : IDisposable
{
    readonly ImageClassifier _work;
    readonly (Parameter Master, Parameter Work)[] _parameters;
    readonly (Tensor Master, Tensor Work)[] _buffers;

    public Bf16WorkingCopy(ImageClassifier master, int classCount)
    {
        _work = new ImageClassifier(master.body.Info.CreateArchitecture(), classCount);
        _work.to(ScalarType.BFloat16);
        foreach (var bn in _work.modules().Where(m => m is BatchNorm2d or BatchNorm1d)) bn.to(ScalarType.Float32);
        var workParameters = _work.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _parameters = master.named_parameters().Select(p => (p.parameter, workParameters[p.name])).ToArray();
        var workBuffers = _work.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        _buffers = master.named_buffers().Select(b => (b.buffer, workBuffers[b.name])).ToArray();
        CopyBuffers(toWork: true);
    }

    public ImageClassifier Work => _work;

    /// <summary>One optimiser step: the loss is computed by the working copy, the update applied to the masters.</summary>
    public double Step(AdamW optimizer, TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
            foreach (var (master, work) in _parameters)
            {
                work.requires_grad = master.requires_grad;
                if (master.requires_grad) work.copy_(master);
            }
        var input = tensor(batch.Inputs).reshape(batch.Shape).to(ScalarType.BFloat16);
        var logits = _work.call(input).to(ScalarType.Float32);
        var loss = nn.functional.cross_entropy(logits, tensor(batch.Labels));
        _work.zero_grad();
        loss.backward();
        foreach (var (master, work) in _parameters)
            if (master.requires_grad && work.grad is { } gradient)
                master.grad = gradient.to(ScalarType.Float32);
        optimizer.step();
        CopyBuffers(toWork: false);
        return loss.item<float>();
    }

    /// <summary>Makes the copy's batch-norm statistics equal the masters' (call when the masters changed outside training).</summary>
    public void CopyBuffers(bool toWork)
    {
        using var _ = no_grad();
        foreach (var (master, work) in _buffers)
            if (toWork) work.copy_(master); else master.copy_(work);
    }

    public void Dispose() => _work.Dispose();
}
