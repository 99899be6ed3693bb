using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

/// <summary>The specs users run as they are, in the repository's experiments/ folder.</summary>
public class ExperimentsTests
{
    private static readonly string Folder = Path.Combine(TestSpecs.RepositoryRoot(), "experiments");

    public static TheoryData<string> SpecFiles()
    {
        var files = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // the recorded runs of the labelled sets (experiments/diagnosis-runs/<set>/) are run folders: their sweep.json is a manifest
            if (IsRunFolderManifest(file))
            {
                continue;
            }

            files.Add(Path.GetRelativePath(Folder, file));
        }

        return files;
    }

    private static bool IsRunFolderManifest(string file) =>
        Path.GetFileName(file) == "sweep.json" && Directory.Exists(Path.Combine(Path.GetDirectoryName(file)!, "trials"));

    [Fact]
    public void Skips_only_run_folder_manifests_and_still_lists_the_specs()
    {
        var listed = ((IEnumerable<object[]>)SpecFiles()).Select(row => (string)row[0]).ToList();

        Assert.Contains("diagnosis-corpus.json", listed);
        Assert.DoesNotContain(listed, f => f.StartsWith("diagnosis-runs", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Folder, "diagnosis-runs", "diagnosis-corpus", "sweep.json")));
    }

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void Every_experiment_parses_and_needs_no_force(string file)
    {
        SweepSpec spec = SpecParser.ParseFile(Path.Combine(Folder, file));

        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Name);
        Assert.InRange(spec.CountTrials(), 1, SpecLimits.MaxTrialsWithoutForce);
        Assert.All(spec.EnumerateTrials().Take(1000), trial => Assert.Empty(trial.Validate()));
    }

    [Fact]
    public void The_three_required_experiments_exist()
    {
        Assert.True(File.Exists(Path.Combine(Folder, "quickstart.json")));
        Assert.True(File.Exists(Path.Combine(Folder, "optimizers-fmnist.json")));
        Assert.True(File.Exists(Path.Combine(Folder, "depth-residual.json")));
    }

    [Fact]
    public void Seed_claims_is_one_sweep_with_a_grid_per_claim_and_no_trial_shared()
    {
        SweepSpec spec = SpecParser.ParseFile(Path.Combine(Folder, "seed-claims.json"));

        Assert.Equal(8, spec.Grids.Count);
        Assert.All(spec.Grids.Select((grid, i) => (grid, i)), pair => Assert.StartsWith($"claim-{pair.i + 1}-", pair.grid.Name));
        Assert.True(spec.Seeds.Count >= 3);
        Assert.Equal(spec.Grids.Sum(g => g.Spec.CountTrials()), spec.CountTrials());
        foreach (SpecGrid grid in spec.Grids)
        {
            Assert.All(grid.Spec.EnumerateTrials(), trial => Assert.Equal(grid.Name, spec.GridOf(trial)));
        }
    }

    [Fact]
    public void Quickstart_is_a_small_synthetic_sweep_on_a_step_budget()
    {
        SweepSpec spec = SpecParser.ParseFile(Path.Combine(Folder, "quickstart.json"));

        Assert.InRange(spec.CountTrials(), 12, 24);
        Assert.DoesNotContain(spec.Base.Dataset, Catalog.FileDatasets);
        Assert.All(spec.EnumerateTrials(), t => Assert.InRange(t.Steps, 1, 1000));
    }

    [Fact]
    public void Optimizers_fmnist_crosses_every_optimizer_with_a_log_grid_of_learning_rates_over_three_seeds()
    {
        SweepSpec spec = SpecParser.ParseFile(Path.Combine(Folder, "optimizers-fmnist.json"));

        Assert.Equal("fashion-mnist", spec.Base.Dataset);
        Assert.Equal("/usr/share/datasets/fashion-mnist", spec.Base.DatasetPath);
        Assert.Equal(Catalog.Optimizers, spec.Axes.Single(a => a.Field == "optimizer").Values.Cast<string>());
        double[] rates = [.. spec.Axes.Single(a => a.Field == "lr").Values.Cast<double>()];
        Assert.True(rates.Length >= 5);
        double[] ratios = [.. rates.Zip(rates.Skip(1), (a, b) => b / a)];
        Assert.All(ratios, r => Assert.InRange(r, 2.5, 3.5));
        Assert.Equal(3, spec.Seeds.Count);
    }

    [Fact]
    public void Depth_residual_spans_depth_two_to_thirty_two_with_residual_norm_and_init()
    {
        SweepSpec spec = SpecParser.ParseFile(Path.Combine(Folder, "depth-residual.json"));

        int[] depths = [.. spec.Axes.Single(a => a.Field == "depth").Values.Cast<int>()];
        Assert.Equal(2, depths.Min());
        Assert.Equal(32, depths.Max());
        Assert.Equal([false, true], spec.Axes.Single(a => a.Field == "residual").Values.Cast<bool>());
        Assert.Contains(spec.Axes, a => a.Field == "norm" && a.Values.Count >= 2);
        Assert.Contains(spec.Axes, a => a.Field == "init" && a.Values.Count >= 2);
    }
}
