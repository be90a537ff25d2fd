using System.ComponentModel;
using System.Globalization;

namespace Fewshot.Cli.Commands;

/// <summary>
/// An enum option as the command line spells it: its names in lowercase (crop, squish, pad), read whatever their case.
/// Only the names are accepted: not numbers, nor "crop,pad" (which Enum.Parse would combine into another value).
/// Put it on each enum option with <c>[TypeConverter(typeof(LowercaseEnumConverter&lt;T&gt;))]</c> and give the default
/// as the lowercase string (<c>[DefaultValue("crop")]</c>) so help shows it as typed.
/// </summary>
public sealed class LowercaseEnumConverter<TEnum>() : EnumConverter(typeof(TEnum)) where TEnum : struct, Enum
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToList();

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<TEnum>(name)
            : throw new FormatException($"'{value}' is not one of {string.Join(", ", Names)}.");

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is TEnum member ? member.ToString().ToLowerInvariant()
        : base.ConvertTo(context, culture, value, destinationType);

    /// <summary>What Spectre lists after "Valid values are" when a value is not a name.</summary>
    public override StandardValuesCollection GetStandardValues(ITypeDescriptorContext? context) => new(Names.ToArray());
}
