using System.Globalization;

namespace Sweep.Engine.Data;

/// <summary>
/// Reads a comma-separated table with a header line. Fields may be double-quoted ("" inside quotes
/// is a quote); blank lines are skipped. Every column except the label column is a feature and must
/// be a finite number (invariant culture: '.' decimal point). Errors name the file and the line.
/// </summary>
internal static class CsvTableReader
{
    public static TableData Read(string path, string labelColumn)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path}: cannot read: {e.Message}", e);
        }

        string[]? header = null;
        int labelIndex = -1;
        var features = new List<float>();
        var labels = new List<double>();
        int lineNumber = 0;
        foreach (string line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = SplitFields(line, path, lineNumber);
            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToArray();
                labelIndex = Array.IndexOf(header, labelColumn);
                if (labelIndex < 0)
                {
                    throw new DatasetException(
                        $"{path}:{lineNumber}: label column '{labelColumn}' not found; columns are {string.Join(", ", header)}");
                }

                if (header.Length < 2)
                {
                    throw new DatasetException($"{path}:{lineNumber}: the table needs at least one feature column besides '{labelColumn}'");
                }

                continue;
            }

            if (fields.Count != header.Length)
            {
                throw new DatasetException($"{path}:{lineNumber}: {fields.Count} fields, the header has {header.Length}");
            }

            for (int c = 0; c < fields.Count; c++)
            {
                double value = ParseNumber(fields[c], header[c], path, lineNumber);
                if (c == labelIndex)
                {
                    labels.Add(value);
                }
                else
                {
                    features.Add((float)value);
                }
            }
        }

        if (header is null)
        {
            throw new DatasetException($"{path}: the file is empty (no header line)");
        }

        if (labels.Count == 0)
        {
            throw new DatasetException($"{path}: the table has a header but no rows");
        }

        string[] featureNames = header.Where((_, c) => c != labelIndex).ToArray();
        return new TableData(featureNames, features.ToArray(), labels.ToArray(), labels.Count);
    }

    private static double ParseNumber(string field, string column, string path, int lineNumber)
    {
        string text = field.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new DatasetException($"{path}:{lineNumber}: column '{column}': '{text}' is not a number");
        }

        if (!double.IsFinite(value) || !float.IsFinite((float)value))
        {
            throw new DatasetException($"{path}:{lineNumber}: column '{column}': {text} is not a finite float32 number");
        }

        return value;
    }

    private static List<string> SplitFields(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"')
                {
                    current.Append(ch);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted)
        {
            throw new DatasetException($"{path}:{lineNumber}: unterminated quoted field");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
