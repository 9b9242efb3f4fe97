{#-
    Staging for the `sales` source: its `columns:` mapping in syncctl.yml, applied by the
    stage_source macro. Created by syncctl; to hand-write this model, replace the macro call with
    your own select that returns the same columns.
-#}
{{ stage_source('sales') }}
