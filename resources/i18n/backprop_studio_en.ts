<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BatchView</name>
    <message numerus="yes">
        <source>%n samples. Each column on the left is one sample&apos;s gradient ∂Lᵢ/∂w (the engine run on that sample alone); </source>
        <translation>
            <numerusform>%n sample. Each column on the left is one sample&apos;s gradient ∂Lᵢ/∂w (the engine run on that sample alone); </numerusform>
            <numerusform>%n samples. Each column on the left is one sample&apos;s gradient ∂Lᵢ/∂w (the engine run on that sample alone); </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n parameters are listed.</source>
        <translation>
            <numerusform>Only the first %n parameter is listed.</numerusform>
            <numerusform>Only the first %n parameters are listed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message numerus="yes">
        <source>%n leaves</source>
        <translation>
            <numerusform>%n leaf</numerusform>
            <numerusform>%n leaves</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operations</source>
        <translation>
            <numerusform>%n operation</numerusform>
            <numerusform>%n operations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n steps</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorNotice</name>
    <message numerus="yes">
        <source>%n different internal errors so far; Details lists each.</source>
        <translation>
            <numerusform>%n internal error so far; Details shows it.</numerusform>
            <numerusform>%n different internal errors so far; Details lists each.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It happened %n times.</source>
        <translation>
            <numerusform>It happened %n time.</numerusform>
            <numerusform>It happened %n times.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GradCheckView</name>
    <message numerus="yes">
        <source>Every gradient agrees with its finite-difference estimate (%n check(s))</source>
        <translation>
            <numerusform>Every gradient agrees with its finite-difference estimate (%n check)</numerusform>
            <numerusform>Every gradient agrees with its finite-difference estimate (%n checks)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n gradient(s) disagree with the finite-difference estimate</source>
        <translation>
            <numerusform>%n gradient disagrees with its finite-difference estimate</numerusform>
            <numerusform>%n gradients disagree with their finite-difference estimates</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorText</name>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Chain rule over %n path</numerusform>
            <numerusform>Chain rule over %n paths</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n paths are listed.</source>
        <translation>
            <numerusform>Only the first %n path is listed.</numerusform>
            <numerusform>Only the first %n paths are listed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PredictInspector</name>
    <message numerus="yes">
        <source>%1 of %n terms so far</source>
        <translation>
            <numerusform>%1 of %n term so far</numerusform>
            <numerusform>%1 of %n terms so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Chain rule over %n path</numerusform>
            <numerusform>Chain rule over %n paths</numerusform>
        </translation>
    </message>
</context>
</TS>
