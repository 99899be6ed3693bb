using System.Globalization;
using Sweep.Engine.Config;
using Sweep.Engine.Random;

namespace Sweep.Specs.Expansion;

/// <summary>
/// Replays the <see cref="SpecSample"/> points in order, as field values. Every grid combination
/// crosses the same points, so the stream is restarted (<see cref="Reset"/>) per combination
/// instead of stored: memory stays constant whatever the count.
/// </summary>
internal sealed class SamplePoints
{
    /// <summary>Sampled doubles keep six significant digits, so that values read well in tables.</summary>
    private const string RoundingFormat = "G6";

    private readonly SpecSample _sample;
    private readonly ConfigField[] _fields;
    private readonly double[] _unit;
    private readonly SobolSequence? _sobol;
    private SeededRandom? _random;

    public SamplePoints(SpecSample sample)
    {
        _sample = sample;
        _fields = [.. sample.Params.Select(p => ConfigSchema.Find(p.Field)!)];
        _unit = new double[sample.Params.Count];
        _sobol = sample.Sampler == SpecSample.Sobol ? new SobolSequence(sample.Params.Count) : null;
        Reset();
    }

    public int Count => _sample.Count;

    public void Reset()
    {
        _sobol?.Reset();
        _random = _sobol is null ? new SeededRandom(_sample.SamplerSeed) : null;
    }

    /// <summary>The next point's values, applied to <paramref name="config"/>.</summary>
    public TrialConfig ApplyNext(TrialConfig config)
    {
        if (_sobol is not null)
        {
            _sobol.Next(_unit);
        }
        else
        {
            for (int i = 0; i < _unit.Length; i++)
            {
                _unit[i] = _random!.NextDouble();
            }
        }

        for (int i = 0; i < _unit.Length; i++)
        {
            config = _fields[i].With(config, ToFieldValue(_fields[i], _sample.Params[i], _unit[i]));
        }

        return config;
    }

    /// <summary>A point of the unit interval mapped onto the parameter's range, in the field's CLR type.</summary>
    internal static object ToFieldValue(ConfigField field, SampleParam param, double unit)
    {
        switch (param.Distribution)
        {
            case SampleParam.IntUniform:
                long span = (long)param.High - (long)param.Low + 1;
                long integer = Math.Min((long)param.Low + (long)Math.Floor(unit * span), (long)param.High);
                return field.Kind == FieldKind.Int ? (object)(int)integer : integer;
            case SampleParam.LogUniform:
                double logLow = Math.Log(param.Low);
                return Round(Math.Exp(logLow + unit * (Math.Log(param.High) - logLow)), param);
            default:
                return Round(param.Low + unit * (param.High - param.Low), param);
        }
    }

    /// <summary>Rounds to <see cref="RoundingFormat"/>, unless rounding would leave the range.</summary>
    private static double Round(double value, SampleParam param)
    {
        Span<char> text = stackalloc char[32];
        if (!value.TryFormat(text, out int length, RoundingFormat, CultureInfo.InvariantCulture))
        {
            return value;
        }

        double rounded = double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
        return rounded >= param.Low && rounded <= param.High ? rounded : value;
    }
}
