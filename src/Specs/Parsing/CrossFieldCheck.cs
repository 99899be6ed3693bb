using Sweep.Engine.Config;
using Sweep.Specs.Expansion;

namespace Sweep.Specs.Parsing;

/// <summary>
/// Runs <see cref="ConfigSchema.Validate"/> on whole trial configs so that rules across fields
/// (batchnorm needs batches of 2, exactly one budget, file datasets need a path) surface before
/// the sweep starts, reported at the spec path that set the offending field. Small grids are
/// checked combination by combination; larger ones by a covering sample in which every pair of
/// values of every two axes occurs at least once (the rules relate two fields). Sampled fields
/// are checked at both ends of their ranges. Excluded combinations are skipped. A field left at
/// its default is reported at <c>base.field</c> (<c>grids[i].base.field</c> in a grid), positioned at the start of the spec (or grid).
/// </summary>
internal sealed class CrossFieldCheck(
    SweepSpec spec, IReadOnlyList<AxisDraft> axes, IReadOnlyList<SampleParamDraft> sampleParams,
    IReadOnlyDictionary<string, FieldOrigin> fixedSettings, SourcePosition? specPosition, string scope, SpecErrorList errors)
{
    /// <summary>Grids up to this many combinations are checked whole.</summary>
    private const long FullCheckLimit = 4096;

    /// <summary>The covering sample stops after this many configs, so huge grids parse quickly.</summary>
    private const int MaxConfigsChecked = 20_000;

    /// <summary>A broken rule usually breaks in many trials: report each distinct problem once, and only the first few.</summary>
    private const int MaxReported = 20;

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private int _checked;

    public void Run()
    {
        TrialGrid grid = spec.Grid;
        foreach (int[] digits in Combinations(grid))
        {
            if (_checked >= MaxConfigsChecked || _reported.Count >= MaxReported)
            {
                return;
            }

            if (grid.IsExcluded(digits))
            {
                continue;
            }

            TrialConfig combination = grid.CombinationAt(digits) with { Seed = spec.Seeds[0] };
            if (sampleParams.Count == 0)
            {
                Check(combination, digits, "");
                continue;
            }

            foreach (double end in (double[])[0.0, 1.0])
            {
                TrialConfig sampled = combination;
                foreach (SampleParamDraft param in sampleParams)
                {
                    sampled = param.Field.With(sampled, SamplePoints.ToFieldValue(param.Field, param.Param, end));
                }

                Check(sampled, digits, end == 0.0 ? " with sampled settings at the low end" : " with sampled settings at the high end");
            }
        }
    }

    private void Check(TrialConfig config, int[] digits, string sampleNote)
    {
        _checked++;
        foreach (ConfigError error in ConfigSchema.Validate(config))
        {
            var (path, position, note) = Locate(error.Field, digits);
            if (!_reported.Add(path + "\n" + error.Message) || _reported.Count > MaxReported)
            {
                continue;
            }

            string where = axes.Count > 0 ? $" (in trials with {Describe(digits)}{sampleNote})" : sampleNote.Length > 0 ? $" ({sampleNote.Trim()})" : "";
            string hint = axes.Count > 0 ? "; drop the value or add an exclude rule" : "";
            errors.Add(new SpecError(path, error.Message + note + where + hint, position?.Line, position?.Column));
        }
    }

    /// <summary>The spec path that set <paramref name="field"/> in the trial these digits select.</summary>
    private (string Path, SourcePosition? Position, string Note) Locate(string field, int[] digits)
    {
        for (int axis = 0; axis < axes.Count; axis++)
        {
            if (axes[axis].Field.Name == field)
            {
                return (SpecPath.Item(axes[axis].Path, digits[axis]), axes[axis].Positions[digits[axis]], "");
            }
        }

        if (sampleParams.FirstOrDefault(p => p.Field.Name == field) is { } param)
        {
            return (param.Path, param.Position, "");
        }

        if (fixedSettings.TryGetValue(field, out FieldOrigin? origin))
        {
            return (origin.Path, origin.Position, "");
        }

        object? fallback = ConfigSchema.Find(field)?.Default;
        string shown = fallback is string text ? $"'{text}'" : ConfigField.Format(fallback);
        string basePath = SpecPath.Member(SpecPath.Member(scope, SpecKeys.Base), field);
        return (basePath, specPosition, $" (the default {shown} applies: set {basePath})");
    }

    private string Describe(int[] digits) =>
        string.Join(", ", axes.Select((axis, i) => $"{axis.Field.Name}={ConfigField.Format(axis.Values[digits[i]])}"));

    /// <summary>Every combination of a small grid; of a large one, a set that covers every value pair of every two axes.</summary>
    private static IEnumerable<int[]> Combinations(TrialGrid grid)
    {
        IReadOnlyList<int> sizes = grid.AxisSizes;
        long total = 1;
        foreach (int size in sizes)
        {
            total = Math.Min(total * size, FullCheckLimit + 1);
        }

        var digits = new int[sizes.Count];
        if (sizes.Count <= 1 || total <= FullCheckLimit)
        {
            while (true)
            {
                yield return digits;
                int axis = sizes.Count - 1;
                while (axis >= 0 && ++digits[axis] == sizes[axis])
                {
                    digits[axis--] = 0;
                }

                if (axis < 0)
                {
                    yield break;
                }
            }
        }

        for (int a = 0; a < sizes.Count; a++)
        {
            for (int b = a + 1; b < sizes.Count; b++)
            {
                for (int i = 0; i < sizes[a]; i++)
                {
                    for (int j = 0; j < sizes[b]; j++)
                    {
                        // The other axes rotate through their values so that they vary too.
                        for (int other = 0; other < sizes.Count; other++)
                        {
                            digits[other] = (i + j + other) % sizes[other];
                        }

                        digits[a] = i;
                        digits[b] = j;
                        yield return digits;
                    }
                }
            }
        }
    }
}
