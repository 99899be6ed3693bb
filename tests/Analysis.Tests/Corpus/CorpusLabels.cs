using System.Globalization;
using System.Text;

namespace Sweep.Analysis.Tests.Corpus;

/// <summary>The expected diagnosis and flags of one corpus trial, written by reading its curves.</summary>
public sealed record CorpusLabel(CorpusKey Key, string Diagnosis, IReadOnlyList<string> Flags, string Why);

/// <summary>
/// Reads experiments/diagnosis-corpus.labels.csv: a header <c>grid,config,seed,diagnosis,flags,why</c>,
/// then one row per trial; flags are separated by ';'; a field holding ',' or '"' is quoted as in RFC 4180.
/// Problems are reported with the file and line.
/// </summary>
public static class CorpusLabels
{
    public static readonly IReadOnlyList<string> Header = ["grid", "config", "seed", "diagnosis", "flags", "why"];

    /// <summary>The diagnoses a label may name: the issue's set, in its order of precedence (pruned: experiments/pruned-corpus.json).</summary>
    public static readonly IReadOnlyList<string> Diagnoses =
        ["failed", "diverged", "pruned", "diverging", "unstable", "stalled", "overfitting", "still-learning", "converged"];

    /// <summary>The measured flags a label may name (target-not-reached is never labelled: it depends on the target).</summary>
    public static readonly IReadOnlyList<string> Flags =
        [TrialFlags.VanishingGradients, TrialFlags.ExplodingGradients, TrialFlags.DeadRelus, TrialFlags.SaturatedUnits, TrialFlags.SymmetricUnits];

    public static IReadOnlyDictionary<CorpusKey, CorpusLabel> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var header = Split(lines.Length > 0 ? lines[0] : "", file, 1);
        if (!header.SequenceEqual(Header))
        {
            throw new FormatException($"{file}:1: the header must be '{string.Join(",", Header)}', not '{(lines.Length > 0 ? lines[0] : "")}'");
        }

        var labels = new Dictionary<CorpusKey, CorpusLabel>();
        for (int i = 1; i < lines.Length; i++)
        {
            int line = i + 1;
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = Split(lines[i], file, line);
            if (fields.Count != Header.Count)
            {
                throw new FormatException($"{file}:{line}: {fields.Count} fields, expected {Header.Count}");
            }

            if (!long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed))
            {
                throw new FormatException($"{file}:{line}: seed '{fields[2]}' is not an integer");
            }

            if (!Diagnoses.Contains(fields[3]))
            {
                throw new FormatException($"{file}:{line}: diagnosis '{fields[3]}' is not one of {string.Join(", ", Diagnoses)}");
            }

            var flags = fields[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string flag in flags.Where(f => !Flags.Contains(f)))
            {
                throw new FormatException($"{file}:{line}: flag '{flag}' is not one of {string.Join(", ", Flags)}");
            }

            var key = new CorpusKey(fields[0], fields[1], seed);
            if (!labels.TryAdd(key, new CorpusLabel(key, fields[3], flags, fields[5])))
            {
                throw new FormatException($"{file}:{line}: a second label for {key}");
            }
        }

        return labels;
    }

    private static List<string> Split(string line, string file, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"{file}:{lineNumber}: a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
