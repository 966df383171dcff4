package io.consilium.abutment;

import java.util.ArrayList;
import java.util.List;

/** Labelled sites in the form the network trains on, with the cases they came from. */
final class TrainingSet {

    final List<CasePlan> plans = new ArrayList<>();
    final List<List<Design>> references = new ArrayList<>();
    final List<List<String>> styles = new ArrayList<>();
    final List<float[]> features = new ArrayList<>();
    final List<List<String>> tokens = new ArrayList<>();
    final List<double[]> targets = new ArrayList<>();
    final List<Integer> materials = new ArrayList<>();
    final List<String> siteStyles = new ArrayList<>();

    static TrainingSet of(List<SyntheticCases.LabelledCase> cases) {
        TrainingSet set = new TrainingSet();
        for (SyntheticCases.LabelledCase c : cases) {
            CasePlan plan = CasePlan.of(c.abutmentCase());
            List<Design> designs = new ArrayList<>();
            List<String> styles = new ArrayList<>();
            for (SitePlan s : plan.sites()) {
                SyntheticCases.Reference ref = c.reference().stream()
                        .filter(r -> r.tooth() == s.tooth().number()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("case " + plan.caseId()
                                + " has no reference design for tooth " + s.tooth()));
                Design d = ref.design();
                designs.add(d);
                styles.add(ref.style());
                set.features.add(SiteFeatures.of(plan, s));
                set.tokens.add(s.instructions().tokens());
                set.targets.add(d.values.clone());
                set.materials.add(d.material.ordinal());
                set.siteStyles.add(ref.style());
            }
            set.plans.add(plan);
            set.references.add(designs);
            set.styles.add(styles);
        }
        return set;
    }

    int size() {
        return features.size();
    }
}
