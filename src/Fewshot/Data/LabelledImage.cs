namespace Fewshot.Data;

/// <summary>One photo and the index of its class.</summary>
public sealed record LabelledImage(string Path, int Label);
