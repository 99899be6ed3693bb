using System.Buffers.Binary;
using System.IO.Compression;

namespace Sweep.Engine.Data;

/// <summary>
/// Reads IDX files (the MNIST format): magic 0x00 0x00 0x08 (unsigned bytes) and the dimension
/// count, then each dimension as a big-endian int32, then the data. Gzipped files are recognised
/// by their own magic bytes (1f 8b), whatever their name.
/// </summary>
internal static class IdxReader
{
    /// <summary>The dimensions and the unsigned-byte payload of one IDX file.</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        byte[] bytes = ReadMaybeGzipped(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw new DatasetException($"{path}: not an IDX file (wrong magic number)");
        }

        if (bytes[2] != 0x08)
        {
            throw new DatasetException($"{path}: IDX element type 0x{bytes[2]:x2} is not supported (only unsigned bytes, 0x08)");
        }

        int rank = bytes[3];
        int headerLength = 4 + 4 * rank;
        if (rank == 0 || bytes.Length < headerLength)
        {
            throw new DatasetException($"{path}: IDX header is truncated or has no dimensions");
        }

        var dimensions = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d, 4));
            if (dimensions[d] < 0)
            {
                throw new DatasetException($"{path}: IDX dimension {d} is negative ({dimensions[d]})");
            }

            count *= dimensions[d];
        }

        if (bytes.Length - headerLength != count)
        {
            throw new DatasetException(
                $"{path}: IDX header promises {count} bytes of data for shape [{string.Join(", ", dimensions)}], the file holds {bytes.Length - headerLength}");
        }

        return (dimensions, bytes.AsSpan(headerLength).ToArray());
    }

    private static byte[] ReadMaybeGzipped(string path)
    {
        try
        {
            byte[] raw = File.ReadAllBytes(path);
            if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
            {
                return raw;
            }

            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new DatasetException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
