using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sweep.Engine.Config;
using Sweep.Engine.Numerics;
using Sweep.Engine.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Numerics;

public class DenormalFlushTests
{
    /// <summary>The largest denormal float, 2^-126 - 2^-149: any product with it below 1 is denormal too.</summary>
    private static readonly float LargestDenormal = BitConverter.Int32BitsToSingle(0x007FFFFF);

    private const float SmallestNormal = 1.17549435e-38f;

    [Fact]
    public void Is_supported_on_glibc_linux_and_windows_x64_and_nowhere_else()
    {
        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        bool glibc = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libm.so.6", out _);
        Assert.Equal(x64 && (glibc || OperatingSystem.IsWindows()), DenormalFlush.IsSupported);
    }

    [DenormalFlushFact]
    public void Inside_the_scope_denormal_results_become_zero_and_denormal_inputs_read_as_zero_and_after_it_they_do_not()
    {
        Assert.False(DenormalFlush.IsEnabled);
        float normal = 1e-30f;
        float normalProduct = Multiply(1e-10f, 2e-10f);
        Assert.True(Multiply(normal, 1e-10f) is > 0 and < SmallestNormal);
        Assert.Equal(2 * (double)LargestDenormal, Multiply(LargestDenormal, 2f));

        using (DenormalFlush.Enter())
        {
            Assert.True(DenormalFlush.IsEnabled);
            // FTZ: a normal product that would be denormal is zero; DAZ: a denormal operand counts as zero,
            // so twice the largest denormal (which would be the normal 2.35e-38) is zero too.
            Assert.Equal(0f, Multiply(normal, 1e-10f));
            Assert.Equal(0f, Multiply(LargestDenormal, 2f));
            Assert.Equal(Vector512<float>.Zero, MultiplyVector(Vector512.Create(LargestDenormal), Vector512.Create(2f)));
            Assert.Equal(normalProduct, Multiply(1e-10f, 2e-10f));
        }

        Assert.False(DenormalFlush.IsEnabled);
        Assert.Equal(2 * (double)LargestDenormal, Multiply(LargestDenormal, 2f));
        Assert.True(Multiply(normal, 1e-10f) is > 0 and < SmallestNormal);
    }

    [DenormalFlushFact]
    public void Nested_scopes_restore_the_state_each_found()
    {
        var outer = DenormalFlush.Enter();
        var inner = DenormalFlush.Enter();
        inner.Dispose();
        Assert.True(DenormalFlush.IsEnabled);
        outer.Dispose();
        Assert.False(DenormalFlush.IsEnabled);
    }

    [DenormalFlushFact]
    public void A_trial_trains_with_denormals_flushed_and_leaves_the_caller_thread_as_it_found_it()
    {
        var config = new TrialConfig { Depth = 2, Width = 16, Optimizer = "adam", Lr = 0.01, BatchSize = 16, Epochs = 2, Seed = 5 };
        var flushedDuringReports = new List<bool>();
        Assert.False(DenormalFlush.IsEnabled);
        Trainer.Run(config, TestDatasets.Blobs(), progress: _ => flushedDuringReports.Add(DenormalFlush.IsEnabled));
        Assert.NotEmpty(flushedDuringReports);
        Assert.All(flushedDuringReports, Assert.True);
        Assert.False(DenormalFlush.IsEnabled);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> MultiplyVector(Vector512<float> a, Vector512<float> b) => a * b;
}

/// <summary>A fact about flushing denormals: skipped where the platform's denormal control is not known (<see cref="DenormalFlush.IsSupported"/>).</summary>
internal sealed class DenormalFlushFactAttribute : FactAttribute
{
    public DenormalFlushFactAttribute()
    {
        if (!DenormalFlush.IsSupported)
        {
            Skip = "denormal flushing is only known on Linux and Windows x64";
        }
    }
}
