using System.Management.Automation;
using System.Management.Automation.Language;
using Sweep.Engine.Config;
using Sweep.PsModule.Completion;

namespace Sweep.PsModule.Tests.Completion;

public sealed class CatalogValuesTests
{
    [Fact]
    public void Metric_values_are_exactly_the_analysis_metric_names_in_order()
    {
        Assert.Equal(Sweep.Analysis.MetricCatalog.Names, new MetricValues().GetValidValues());
    }

    [Theory]
    [InlineData("Optimizer")]
    [InlineData("Init")]
    [InlineData("Norm")]
    [InlineData("Activation")]
    [InlineData("Dataset")]
    [InlineData("Schedule")]
    public void Completion_offers_the_catalog_in_its_order(string parameter)
    {
        var completions = Complete($"New-SweepSpec -{parameter} ", parameter, "");

        Assert.Equal(CatalogCompleter.ValuesOf(parameter), completions);
    }

    [Fact]
    public void Completion_leaves_out_values_already_in_the_list()
    {
        Assert.Equal(Catalog.Optimizers.Except(["sgd", "adam"]), Complete("New-SweepSpec -Optimizer sgd,adam,", "Optimizer", ""));
        Assert.Equal(["adagrad", "adadelta", "adamw"], Complete("New-SweepSpec -Optimizer adam,ada", "Optimizer", "ada"));
    }

    private static List<string> Complete(string line, string parameter, string word)
    {
        var command = (CommandAst)Parser.ParseInput(line, out _, out _).Find(a => a is CommandAst, true)!;
        return new CatalogCompleter().CompleteArgument("New-SweepSpec", parameter, word, command, new System.Collections.Hashtable())
            .Select(c => c.CompletionText).ToList();
    }
}
