namespace Fewshot.Tests.Support;

/// <summary>Tests that touch TorchSharp call this first; one thread team for the whole run.</summary>
public static class Torch
{
    public static void Ready() => Fewshot.Runtime.NativeRuntime.EnsureLoaded();
}
