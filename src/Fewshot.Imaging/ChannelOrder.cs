namespace Fewshot.Imaging;

/// <summary>The channel order a model expects in its input tensor.</summary>
public enum ChannelOrder { Rgb, Bgr }
