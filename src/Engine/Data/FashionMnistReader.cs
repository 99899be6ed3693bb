namespace Sweep.Engine.Data;

/// <summary>
/// Fashion-MNIST (or MNIST) training set from a folder holding train-images-idx3-ubyte and
/// train-labels-idx1-ubyte, each gzipped (.gz) or not. Pixels become features in [0, 1] (byte / 255);
/// labels must lie in 0..9.
/// </summary>
internal static class FashionMnistReader
{
    public const int Classes = 10;
    private const string ImagesName = "train-images-idx3-ubyte";
    private const string LabelsName = "train-labels-idx1-ubyte";

    /// <summary>The images file whose modification time keys the cache; null with a reason when the folder is unusable.</summary>
    public static string? FindImages(string folder, out string? reason) => Find(folder, ImagesName, out reason);

    /// <summary>True when both training files are present; else false with the reason.</summary>
    public static bool IsPresent(string folder, out string? reason) =>
        Find(folder, ImagesName, out reason) is not null && Find(folder, LabelsName, out reason) is not null;

    public static LabeledData Read(string folder)
    {
        string images = Find(folder, ImagesName, out string? reason) ?? throw new DatasetException(reason!);
        string labels = Find(folder, LabelsName, out reason) ?? throw new DatasetException(reason!);

        var (imageShape, pixels) = IdxReader.Read(images);
        if (imageShape.Length != 3)
        {
            throw new DatasetException($"{images}: expected 3 dimensions [images, rows, columns], found [{string.Join(", ", imageShape)}]");
        }

        var (labelShape, labelBytes) = IdxReader.Read(labels);
        if (labelShape.Length != 1)
        {
            throw new DatasetException($"{labels}: expected 1 dimension [labels], found [{string.Join(", ", labelShape)}]");
        }

        int count = imageShape[0];
        int features = imageShape[1] * imageShape[2];
        if (labelShape[0] != count)
        {
            throw new DatasetException($"{labels}: holds {labelShape[0]} labels but {images} holds {count} images");
        }

        if (count == 0 || features == 0)
        {
            throw new DatasetException($"{images}: holds no pixels (shape [{string.Join(", ", imageShape)}])");
        }

        var y = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (labelBytes[i] >= Classes)
            {
                throw new DatasetException($"{labels}: label {labelBytes[i]} of example {i} is out of range 0..{Classes - 1}");
            }

            y[i] = labelBytes[i];
        }

        var x = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            x[i] = pixels[i] / 255f;
        }

        return LabeledData.Classification(x, features, y, Classes);
    }

    private static string? Find(string folder, string name, out string? reason)
    {
        if (!Directory.Exists(folder))
        {
            reason = File.Exists(folder)
                ? $"{folder}: dataset_path of fashion-mnist must be the folder holding {ImagesName}(.gz), not a file"
                : $"{folder}: folder not found";
            return null;
        }

        foreach (string candidate in new[] { Path.Combine(folder, name), Path.Combine(folder, name + ".gz") })
        {
            if (File.Exists(candidate))
            {
                reason = null;
                return Path.GetFullPath(candidate);
            }
        }

        reason = $"{Path.Combine(folder, name)}(.gz): file not found";
        return null;
    }
}
