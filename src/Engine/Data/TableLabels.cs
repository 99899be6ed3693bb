namespace Sweep.Engine.Data;

/// <summary>
/// Turns a table into training examples. The label rule: when every label is a whole number the
/// table is a classification task with classes 0..max (labels must lie in 0..<see cref="MaxClasses"/>-1);
/// when any label has a fractional part it is a regression task with one target (MSE).
/// </summary>
internal static class TableLabels
{
    public const int MaxClasses = 1000;

    public static LabeledData ToLabeledData(TableData table, string path)
    {
        int featureCount = table.FeatureNames.Length;
        if (table.Rows <= 0 || featureCount == 0)
        {
            throw new DatasetException($"{path}: the table has no rows or no feature columns");
        }

        if (table.Features.Length != table.Rows * featureCount || table.Labels.Length != table.Rows)
        {
            throw new DatasetException(
                $"{path}: wrong shape: {table.Rows} rows x {featureCount} features needs {table.Rows * featureCount} values and {table.Rows} labels, " +
                $"found {table.Features.Length} and {table.Labels.Length}");
        }

        for (int i = 0; i < table.Features.Length; i++)
        {
            if (!float.IsFinite(table.Features[i]))
            {
                throw new DatasetException(
                    $"{path}: row {i / featureCount}: feature '{table.FeatureNames[i % featureCount]}' is {table.Features[i]} (features must be finite)");
            }
        }

        for (int r = 0; r < table.Rows; r++)
        {
            if (!double.IsFinite(table.Labels[r]))
            {
                throw new DatasetException($"{path}: row {r}: label is {table.Labels[r]} (labels must be finite)");
            }
        }

        bool wholeNumbers = table.Labels.All(label => label == Math.Floor(label));
        if (!wholeNumbers)
        {
            var targets = table.Labels.Select(label => (float)label).ToArray();
            return LabeledData.Regression(table.Features, featureCount, targets, 1);
        }

        var classes = new int[table.Rows];
        int maxLabel = 0;
        for (int r = 0; r < table.Rows; r++)
        {
            double label = table.Labels[r];
            if (label < 0 || label >= MaxClasses)
            {
                throw new DatasetException($"{path}: row {r}: label {label} is out of range 0..{MaxClasses - 1} (class labels are 0..k-1)");
            }

            classes[r] = (int)label;
            maxLabel = Math.Max(maxLabel, classes[r]);
        }

        if (maxLabel == 0)
        {
            throw new DatasetException($"{path}: every label is 0: classification needs at least two classes");
        }

        return LabeledData.Classification(table.Features, featureCount, classes, maxLabel + 1);
    }
}
