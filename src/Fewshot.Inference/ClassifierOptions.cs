namespace Fewshot.Inference;

/// <summary>Where an ONNX model runs.</summary>
public enum Device
{
    Cpu,
    /// <summary>ONNX Runtime's CUDA execution provider: needs the Microsoft.ML.OnnxRuntime.Gpu package, CUDA 12 and cuDNN 9.</summary>
    Cuda,
}

public sealed record ClassifierOptions
{
    public Device Device { get; init; } = Device.Cpu;
    public int DeviceId { get; init; }
    /// <summary>Threads one inference may use (at most 2 by default: on small machines more only contend).</summary>
    public int IntraOpThreads { get; init; } = Math.Min(2, Environment.ProcessorCount);
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    public float UnknownThreshold { get; init; }
}
