using System.Management.Automation;
using Sweep.Engine.Config;
using Sweep.PsModule.Completion;

namespace Sweep.PsModule.Tests.Completion;

public sealed class CatalogValuesTests
{
    public static TheoryData<IValidateSetValuesGenerator, IReadOnlyList<string>> Generators => new()
    {
        { new OptimizerValues(), Catalog.Optimizers },
        { new InitValues(), Catalog.Inits },
        { new NormValues(), Catalog.Norms },
        { new ActivationValues(), Catalog.Activations },
        { new DatasetValues(), Catalog.Datasets },
        { new ScheduleValues(), Catalog.Schedules },
        { new FeatureScalingValues(), Catalog.FeatureScalings },
        { new MetricValues(), Sweep.Analysis.MetricCatalog.Names },
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generator_offers_exactly_the_catalog_in_its_order(IValidateSetValuesGenerator generator, IReadOnlyList<string> catalog)
    {
        Assert.Equal(catalog, generator.GetValidValues());
    }

    [Fact]
    public void Generator_returns_a_fresh_array_so_callers_cannot_change_the_catalog()
    {
        var values = new OptimizerValues().GetValidValues();
        values[0] = "changed";

        Assert.Equal(Catalog.Optimizers[0], new OptimizerValues().GetValidValues()[0]);
    }
}
