namespace Fewshot.Imaging;

public enum ChannelOrder { Rgb, Bgr }

/// <summary>Per-channel normalisation, Mean/Std in 0–255 units in the model's channel order: value = (pixel − Mean[c]) / Std[c].</summary>
public sealed record Preprocessing(ChannelOrder Order, float[] Mean, float[] Std);
