using System.Globalization;
using System.Management.Automation;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Lets a TimeSpan parameter take seconds: a number (30, 0.5) or numeric text becomes that many seconds. PowerShell's own
/// conversion would read a number as ticks (30 = 3 microseconds). TimeSpans and other text ('0:01:00') pass through.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecondsAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            int or long or short or byte or double or float or decimal => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) => TimeSpan.FromSeconds(seconds),
            _ => inputData,
        };
    }
}
